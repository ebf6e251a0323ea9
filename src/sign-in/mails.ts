import type { Mail } from '../mail/mailer.js';
import { EMAIL_LINK_MINUTES, INVITATION_DAYS } from './tokens.js';

export function signInMail(to: string, link: string): Mail {
  return {
    to,
    subject: 'Your sign-in link for Hiring scorecards',
    text: [
      'Someone (we hope you) asked to sign in to Hiring scorecards with this address.',
      '',
      `Sign in: ${link}`,
      '',
      `The link works once and expires in ${EMAIL_LINK_MINUTES} minutes. If you did not ask for it, ignore this email: nobody can sign in without it.`,
    ].join('\n'),
    links: [link],
  };
}

export function invitationMail(to: string, link: string, organization: string, inviter: string): Mail {
  return {
    to,
    subject: `${inviter} invited you to ${organization} on Hiring scorecards`,
    text: [
      `${inviter} added you to ${organization} on Hiring scorecards, where your team writes interview scorecards and makes hiring decisions from the evidence.`,
      '',
      `Sign in: ${link}`,
      '',
      `The link works once and expires in ${INVITATION_DAYS} days. Later, sign in with your email address on the same site.`,
    ].join('\n'),
    links: [link],
  };
}
