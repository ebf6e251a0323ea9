import { describedBy, errorFor, errorSummary, fieldId, type FieldErrors } from '../pages/forms.js';
import { html } from '../pages/html.js';
import { layout } from '../pages/layout.js';

export function signInPage(props: { email?: string; errors?: FieldErrors; sso: boolean }) {
  const errors = props.errors ?? {};
  return layout({
    title: 'Sign in',
    body: html`<h1>Sign in</h1>
${errorSummary(errors)}
<form method="post" action="/sign-in/email" novalidate>
<div class="${errors.email ? 'has-error' : ''}">
<label for="${fieldId('email')}">Work email address</label>
<p class="hint" id="email-hint">We will email you a link that signs you in. It works once, for 15 minutes.</p>
${errorFor(errors, 'email')}
<input type="email" id="${fieldId('email')}" name="email" autocomplete="email" spellcheck="false" value="${props.email ?? ''}"${describedBy(errors, 'email', 'email-hint')}>
</div>
<button type="submit">Email me a sign-in link</button>
</form>
${props.sso ? html`<h2>Or</h2><p><a class="button secondary" href="/sign-in/sso">Sign in with your company account (SSO)</a></p>` : ''}`,
  });
}

export function checkEmailPage() {
  return layout({
    title: 'Check your email',
    body: html`<h1>Check your email</h1>
<p>If that address belongs to an account here, we have sent it a sign-in link. It works once and expires in 15 minutes.</p>
<p class="muted">Nothing arrived? Check your spam folder, make sure you used your work address, or <a href="/">ask for another link</a>.</p>`,
  });
}

const refusals = {
  expired: { title: 'This link no longer works', text: 'Sign-in links work once and expire after a while. Ask for a new one.' },
  no_account: { title: 'No active account for this address', text: 'This address does not belong to an active user here. Ask an admin of your organization to invite you.' },
  unverified_email: { title: 'Your email address is not verified', text: 'Your identity provider has not verified your email address, so we cannot match it to an account. Verify it there, or sign in with an email link.' },
  no_email: { title: 'No email address was shared', text: 'Your identity provider did not share an email address, so we cannot match you to an account.' },
  failed: { title: 'Sign-in did not complete', text: 'The answer from your identity provider did not match this sign-in attempt (it may have expired or been used already). Start again.' },
} as const;

export function refusedPage(reason: keyof typeof refusals) {
  const { title, text } = refusals[reason];
  return layout({ title, body: html`<h1>${title}</h1><p>${text}</p><p><a class="button" href="/">Back to sign in</a></p>` });
}

export function chooseOrganizationPage(accounts: { userId: string; orgName: string }[], errors: FieldErrors = {}) {
  return layout({
    title: 'Choose an organization',
    body: html`<h1>Choose an organization</h1>
${errorSummary(errors, { userId: `org-${accounts[0]?.userId ?? ''}` })}
<form method="post" action="/sign-in/choose">
<fieldset>
<legend>Your address belongs to more than one organization. Which one do you want to work in?</legend>
${errorFor(errors, 'userId')}
${accounts.map(
  (a) => html`<div class="choice"><input type="radio" name="userId" id="org-${a.userId}" value="${a.userId}"><label for="org-${a.userId}">${a.orgName}</label></div>`,
)}
</fieldset>
<button type="submit">Continue</button>
</form>`,
  });
}

export interface SetupValues {
  orgName?: string;
  name?: string;
  email?: string;
}

export function setupPage(token: string, values: SetupValues = {}, errors: FieldErrors = {}) {
  const field = (name: keyof SetupValues, label: string, type: string, autocomplete: string, hint?: string) => html`<div class="${errors[name] ? 'has-error' : ''}">
<label for="${fieldId(name)}">${label}</label>
${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : ''}
${errorFor(errors, name)}
<input type="${type}" id="${fieldId(name)}" name="${name}" autocomplete="${autocomplete}" value="${values[name] ?? ''}"${describedBy(errors, name, hint ? `${name}-hint` : undefined)}>
</div>`;
  return layout({
    title: 'Set up your organization',
    body: html`<h1>Set up your organization</h1>
<p>This page appears once, on a new installation. You become the first admin and can then invite your colleagues.</p>
${errorSummary(errors)}
<form method="post" action="/setup" novalidate>
<input type="hidden" name="token" value="${token}">
${field('orgName', 'Organization name', 'text', 'organization')}
${field('name', 'Your name', 'text', 'name')}
${field('email', 'Your work email address', 'email', 'email', 'You sign in with this address later.')}
<button type="submit">Create the organization and sign in</button>
</form>`,
  });
}

export function continueSignInPage(token: string, invitation: boolean) {
  const title = invitation ? 'Accept your invitation' : 'Sign in';
  return layout({
    title,
    body: html`<h1>${title}</h1>
<p>${invitation ? 'You were invited to work on hiring scorecards.' : 'You asked for this sign-in link.'} Continue to sign in; the link then stops working.</p>
<form method="post" action="/sign-in/email/${token}">
<button type="submit">${invitation ? 'Accept and sign in' : 'Sign in'}</button>
</form>`,
  });
}
