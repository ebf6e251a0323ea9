// Progressive enhancement only: every page works without this file.
'use strict';
(function () {
  var csrf = document.querySelector('meta[name="csrf-token"]');

  // Draft autosave: a form marked data-autosave is saved in the background as the person types.
  // A failed save is reported and retried on the next change; nothing the person typed is touched.
  document.querySelectorAll('form[data-autosave]').forEach(function (form) {
    var status = form.querySelector('[data-autosave-status]');
    var timer = null;
    var saving = false;
    var pending = false;
    function say(text) { if (status) status.textContent = text; }
    function save() {
      if (saving) { pending = true; return; }
      saving = true;
      var body = new URLSearchParams(new FormData(form));
      body.set('intent', 'autosave');
      fetch(form.getAttribute('data-autosave'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf ? csrf.content : '', accept: 'application/json' },
        body: body,
        credentials: 'same-origin'
      }).then(function (response) {
        say(response.ok ? 'Draft saved at ' + new Date().toLocaleTimeString() : 'Could not save the draft (' + response.status + '); your text is still here, and saving will be tried again.');
      }).catch(function () {
        say('Could not save the draft (offline?); your text is still here, and saving will be tried again.');
      }).then(function () {
        saving = false;
        if (pending) { pending = false; save(); }
      });
    }
    form.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(save, 1200);
    });
  });

  // Copy buttons (candidate links, API keys): the text stays selectable without JavaScript.
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var target = document.getElementById(button.getAttribute('data-copy'));
      if (target && navigator.clipboard) navigator.clipboard.writeText(target.textContent.trim()).then(function () { button.textContent = 'Copied'; });
    });
  });

  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
})();
