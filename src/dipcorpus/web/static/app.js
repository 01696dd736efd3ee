// dipcorpus: a card for entity and formulation marks (canonical id, type, link to its page).
// No dependencies. Text goes in with textContent only.
(function () {
  "use strict";
  var card = null, hideTimer = null;

  function make() {
    card = document.createElement("div");
    card.className = "card-pop";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("mouseleave", hideSoon);
    document.body.appendChild(card);
  }

  function line(cls, text, tag) {
    var el = document.createElement(tag || "div");
    el.className = cls;
    el.textContent = text;
    return el;
  }

  function show(el) {
    if (!card) make();
    clearTimeout(hideTimer);
    card.replaceChildren();
    card.appendChild(line("t", el.dataset.type || ""));
    card.appendChild(line("nm", el.dataset.name || el.textContent));
    var id = document.createElement("div");
    id.appendChild(document.createTextNode("canonical id "));
    id.appendChild(line("", el.dataset.id || "", "code"));
    card.appendChild(id);
    var go = document.createElement("a");
    go.href = el.getAttribute("href");
    go.textContent = (el.dataset.type === "formulation" ? "formulation" : "entity") + " page →";
    card.appendChild(go);
    var r = el.getBoundingClientRect();
    card.hidden = false;
    var left = Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - card.offsetWidth - 8);
    card.style.left = Math.max(8, left) + "px";
    card.style.top = (window.scrollY + r.bottom + 6) + "px";
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () { if (card) card.hidden = true; }, 250);
  }

  function target(ev) {
    var el = ev.target && ev.target.closest ? ev.target.closest(".text a.ent, .text a.form") : null;
    return el && el.dataset && el.dataset.id ? el : null;
  }

  document.addEventListener("mouseover", function (ev) { var el = target(ev); if (el) show(el); });
  document.addEventListener("mouseout", function (ev) { if (target(ev)) hideSoon(); });
  document.addEventListener("focusin", function (ev) { var el = target(ev); if (el) show(el); });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && card) card.hidden = true; });
})();
