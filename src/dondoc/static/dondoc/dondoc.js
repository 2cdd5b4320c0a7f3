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

// A checkbox [data-check-all] in a table's header checks or clears every box of the table's body
// (the reorganisation preview: choose a split unit's tasks in bulk).
document.addEventListener("change", (event) => {
  const all = event.target;
  if (!(all instanceof HTMLInputElement) || !all.matches("[data-check-all]")) return;
  const table = all.closest("table");
  if (!table) return;
  table.querySelectorAll("tbody input[type=checkbox]").forEach((box) => { box.checked = all.checked; });
});

// Unit fields (organisations/widgets/unit_picker.html): a search box whose list htmx fills from
// the picker (views.pick) as one types, driven from the keyboard as a combobox. The markup works
// without this script as a plain text box that takes a code or a name.
(() => {
  const pickers = new WeakSet();

  function parts(root) {
    return {
      input: root.querySelector("input[role=combobox]"),
      list: root.querySelector("[role=listbox]"),
      value: root.querySelector("input[data-unit-value]"),
      chips: root.querySelector(".unit-chips"),
    };
  }

  function options(list) {
    return Array.from(list.querySelectorAll("[role=option]"));
  }

  function open(root, show) {
    const { input, list } = parts(root);
    list.hidden = !show;
    input.setAttribute("aria-expanded", show ? "true" : "false");
    if (!show) activate(root, -1);
  }

  function activate(root, index) {
    const { input, list } = parts(root);
    const all = options(list);
    all.forEach((option, i) => {
      const on = i === index;
      option.classList.toggle("active", on);
      option.setAttribute("aria-selected", on ? "true" : "false");
      if (on) option.scrollIntoView({ block: "nearest" });
    });
    if (index >= 0 && all[index]) input.setAttribute("aria-activedescendant", all[index].id);
    else input.removeAttribute("aria-activedescendant");
  }

  function activeIndex(root) {
    return options(parts(root).list).findIndex((option) => option.classList.contains("active"));
  }

  function chosenValues(root) {
    const { chips } = parts(root);
    return chips ? Array.from(chips.querySelectorAll("input[type=checkbox]")).map((box) => box.value) : [];
  }

  function addChip(root, value, label) {
    const { input, chips } = parts(root);
    if (chosenValues(root).includes(value)) return;
    const chip = document.createElement("span");
    chip.className = "unit-chip badge text-bg-light border";
    const tag = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = root.dataset.name;
    box.value = value;
    box.checked = true;
    tag.append(box, " " + label);
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn-close";
    remove.setAttribute("aria-label", (root.dataset.removeLabel || "×") + " " + label);
    chip.append(tag, remove);
    chips.append(chip);
    input.value = "";
  }

  function pick(root, option) {
    const { input, value } = parts(root);
    if (root.dataset.multiple === "true") {
      addChip(root, option.dataset.value, option.dataset.label);
    } else {
      input.value = option.dataset.label;
      value.value = option.dataset.value;
      value.dataset.chosen = "";
    }
    open(root, false);
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function init(root) {
    if (pickers.has(root)) return;
    pickers.add(root);
    const { input, value } = parts(root);
    root.dataset.name = input.name;
    root.classList.add("is-ready");
    if (value) {
      // With script the hidden input is sent: the chosen unit's key, or what was typed.
      value.name = input.name;
      input.removeAttribute("name");
      if (!value.value) value.value = input.value;
    }
  }

  // Every unit field of the page, and of content htmx brings, is made ready when it appears.
  function ready(scope) {
    scope.querySelectorAll("[data-unit-picker]").forEach(init);
  }
  document.addEventListener("DOMContentLoaded", () => ready(document));
  document.addEventListener("htmx:load", (event) => ready(event.detail.elt));

  document.addEventListener("htmx:configRequest", (event) => {
    const input = event.detail.elt;
    const root = input.closest && input.closest("[data-unit-picker]");
    if (!root) return;
    event.detail.parameters["q"] = input.value;
    // The units other fields have chosen (the task's lead unit, for its coordinating units).
    const leftOut = [];
    for (const id of (input.dataset.excluding || "").split(" ")) {
      const other = id && document.getElementById(id);
      const chosen = other && other.closest("[data-unit-picker]")?.querySelector("input[data-unit-value][data-chosen]");
      if (chosen && chosen.value) leftOut.push(chosen.value);
    }
    if (leftOut.length) event.detail.parameters["bo_khoa"] = leftOut;
    for (const id of (input.dataset.dayInputs || "").split(" ")) {
      const day = id && document.getElementById(id);
      if (day && day.value.trim()) {
        event.detail.parameters["ngay"] = day.value.trim();
        break;
      }
    }
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    const list = event.detail.target;
    const root = list.closest && list.closest("[data-unit-picker]");
    if (!root) return;
    const chosen = chosenValues(root);
    options(list).forEach((option, i) => {
      option.id = `${list.id}-${i}`;
      if (chosen.includes(option.dataset.value)) option.remove();
    });
    options(list).forEach((option, i) => { option.id = `${list.id}-${i}`; });
    open(root, document.activeElement === parts(root).input && list.children.length > 0);
  });

  document.addEventListener("focusin", (event) => {
    const root = event.target.closest && event.target.closest("[data-unit-picker]");
    if (root) init(root);
  });

  document.addEventListener("input", (event) => {
    const root = event.target.closest && event.target.closest("[data-unit-picker]");
    if (!root || event.target.getAttribute("role") !== "combobox") return;
    init(root);
    const { value } = parts(root);
    if (value) {
      value.value = event.target.value;  // typed, not chosen: sent as typed
      delete value.dataset.chosen;
    }
  });

  document.addEventListener("keydown", (event) => {
    const input = event.target;
    const root = input.closest && input.closest("[data-unit-picker]");
    if (!root || input.getAttribute("role") !== "combobox") return;
    const { list } = parts(root);
    const all = options(list);
    const index = activeIndex(root);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) {
        if (!all.length) return;
        open(root, true);
      }
      const step = event.key === "ArrowDown" ? 1 : -1;
      activate(root, index < 0 ? (step > 0 ? 0 : all.length - 1) : (index + step + all.length) % all.length);
    } else if (event.key === "Enter" && !list.hidden && index >= 0) {
      event.preventDefault();
      pick(root, all[index]);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      open(root, false);
    } else if (event.key === "Tab") {
      open(root, false);
    } else if (event.key === "Backspace" && !input.value && root.dataset.multiple === "true") {
      const chips = parts(root).chips.querySelectorAll(".unit-chip");
      if (chips.length) chips[chips.length - 1].remove();
    }
  });

  // mousedown, not click: it comes before the box loses focus and the list closes.
  document.addEventListener("mousedown", (event) => {
    const option = event.target.closest && event.target.closest("[data-unit-picker] [role=option]");
    if (!option) return;
    event.preventDefault();
    pick(option.closest("[data-unit-picker]"), option);
  });

  document.addEventListener("click", (event) => {
    const remove = event.target.closest && event.target.closest(".unit-chip .btn-close");
    if (remove) {
      const root = remove.closest("[data-unit-picker]");
      remove.closest(".unit-chip").remove();
      parts(root).input.focus();
    }
  });

  document.addEventListener("change", (event) => {
    const box = event.target;
    if (box instanceof HTMLInputElement && box.type === "checkbox" && !box.checked && box.closest(".unit-chip")) {
      box.closest(".unit-chip").remove();
    }
  });

  document.addEventListener("focusout", (event) => {
    const root = event.target.closest && event.target.closest("[data-unit-picker]");
    if (root && !root.contains(event.relatedTarget)) open(root, false);
  });
})();


// Date fields (core/widgets/day_input.html): the text box takes dd/mm/yyyy as typed; the button
// beside it opens the browser's calendar (a native date input kept out of sight), and the day
// chosen there is written back into the box as dd/mm/yyyy. Without script the button stays
// hidden and the box alone does the work.
(() => {
  const DMY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;  // as core/dates.py reads it
  const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
  const pad = (n, size) => String(n).padStart(size, "0");

  // The box's text as yyyy-mm-dd, for the calendar to open on ("" when it is not a date).
  function isoOf(text) {
    let m = DMY.exec(text.trim());
    if (m) return `${pad(m[4], 4)}-${pad(m[3], 2)}-${pad(m[1], 2)}`;
    m = ISO.exec(text.trim());
    return m ? `${pad(m[1], 4)}-${pad(m[2], 2)}-${pad(m[3], 2)}` : "";
  }

  function dmyOf(iso) {
    const m = ISO.exec(iso);
    return m ? `${pad(m[3], 2)}/${pad(m[2], 2)}/${pad(m[1], 4)}` : "";
  }

  function ready(scope) {
    scope.querySelectorAll("[data-day-input] [data-day-picker]").forEach((button) => {
      button.hidden = false;
    });
  }
  document.addEventListener("DOMContentLoaded", () => ready(document));
  document.addEventListener("htmx:load", (event) => ready(event.detail.elt));

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-day-picker]");
    if (!button) return;
    const root = button.closest("[data-day-input]");
    const box = root.querySelector("input:not([data-day-native])");
    const native = root.querySelector("[data-day-native]");
    native.value = isoOf(box.value);
    try {
      native.showPicker();
    } catch (error) {
      native.focus();  // a browser without showPicker: the native input takes the keyboard
      native.click();
    }
  });

  document.addEventListener("change", (event) => {
    const native = event.target;
    if (!(native instanceof HTMLInputElement) || !native.matches("[data-day-native]")) return;
    const box = native.closest("[data-day-input]").querySelector("input:not([data-day-native])");
    if (!native.value) return;
    box.value = dmyOf(native.value);
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.dispatchEvent(new Event("change", { bubbles: true }));
    box.focus();
  });
})();

// A field shown only while a choice of its form is made (data-shown-when="name=value" on its
// input, or "name=one|other" for any of several; the choice a set of radios or a <select>): the
// extension decision's new deadline, while "approve" is chosen; a report's month, quarter or
// range, for the period that asks for them, and its year for every period but a typed range.
// The box hidden is the field's [data-field-box] (a grid cell), else its .mb-3. Without script,
// or with another choice sent anyway, the server decides what the field means.
(() => {
  function chosenValue(form, name) {
    const select = form.querySelector(`select[name="${name}"]`);
    if (select) return select.value;
    const chosen = form.querySelector(`input[name="${name}"]:checked`);
    return chosen ? chosen.value : null;
  }

  function update(form) {
    form.querySelectorAll("[data-shown-when]").forEach((input) => {
      const [name, values] = input.dataset.shownWhen.split("=");
      const box = input.closest("[data-field-box]") || input.closest(".mb-3") || input;
      // A field that came back with an error stays in sight, to be mended or emptied.
      const shown = values.split("|").includes(chosenValue(form, name));
      const hide = !shown && !box.querySelector(".invalid-feedback");
      box.hidden = hide;
      input.disabled = hide; // not sent while hidden
    });
  }
  document.addEventListener("change", (event) => {
    const form = event.target instanceof Element ? event.target.closest("form") : null;
    if (form && form.querySelector("[data-shown-when]")) update(form);
  });
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form").forEach((form) => {
      if (form.querySelector("[data-shown-when]")) update(form);
    });
  });
})();
