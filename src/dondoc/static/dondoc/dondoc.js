// Đôn Đốc: the little script the pages need. None is written inside a page: the
// Content-Security-Policy (core/security.py) allows scripts from this site's files only.

// A <select data-submit-on-change> sends its form when a choice is made (the language switch);
// without script, the button next to it does.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.matches("[data-submit-on-change]") && target.form) {
    target.form.submit();
  }
});
