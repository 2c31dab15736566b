// Runs before the page is shown: the sign-in form in index.html is usable at once, while the console's code
// (wasm, named by Trunk in <meta name="license-console-code">) loads after the first paint. A sign-in asked for
// before the code is ready is held on the form (data-held) and carried out by the code when it takes the form
// over (data-ready). No page navigation, no lost input: the code works on these very elements.
(function () {
  "use strict";
  // The console's own storage keys (src/storage_keys.rs); kept equal by a test (tests/static_page.rs).
  var SESSION_KEY = "license-console.session";
  var RECENT_KEY = "license-console.recent-portals";
  var root = document.documentElement;
  root.classList.add("scripted");

  function stored(storage, key) {
    try { return window[storage].getItem(key); } catch (e) { return null; }
  }
  // A kept session or a portal's OAuth answer: the console opens a screen, not the form.
  var resuming = stored("sessionStorage", SESSION_KEY) !== null ||
    /[?&](code|error)=/.test(location.search);
  if (resuming) root.classList.add("resuming");

  var loading = null;
  function load() {
    var code = document.querySelector('meta[name="license-console-code"]');
    if (!code || loading) return;
    var base = document.baseURI;
    loading = import(new URL(code.dataset.module, base).href)
      .then(function (bindings) {
        return bindings.default({ module_or_path: new URL(code.content, base).href });
      })
      .catch(function (error) {
        loading = null;
        var notice = document.getElementById("sign-in-notice");
        if (notice) {
          notice.innerHTML = '<div class="notice notice-error" role="alert"><p class="notice-title"></p></div>';
          notice.querySelector("p").textContent = "The console's code could not be loaded from this site (" +
            error + "). Check the connection, then sign in again: what you typed is kept.";
        }
        root.classList.remove("resuming");
        var form = document.getElementById("sign-in-form");
        if (form) delete form.dataset.held;
        var button = form && form.querySelector("button[type=submit]");
        if (button) button.textContent = "Sign in";
      });
  }

  function hold(form) {
    form.dataset.held = "";
    form.querySelector("button[type=submit]").textContent = "Signing in…";
    load();
  }
  function waiting(form) {
    return form && form.id === "sign-in-form" && !("ready" in form.dataset);
  }
  document.addEventListener("submit", function (event) {
    if (!waiting(event.target)) return;
    event.preventDefault();
    hold(event.target);
  }, true);
  // An empty portal URL may yet be filled by config.json, which the code reads: if it is all that is missing, the
  // sign-in is held too (before or after the code took the form over), and the code checks the form again once
  // the presets are in (data-presets).
  document.addEventListener("invalid", function (event) {
    var field = event.target, form = field.form;
    if (!form || form.id !== "sign-in-form" || "presets" in form.dataset || field.id !== "portal") return;
    var others = Array.prototype.every.call(form.elements, function (el) {
      return el === field || !el.validity || el.validity.valid;
    });
    if (!others) return;
    event.preventDefault();
    hold(form);
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    var portal = document.getElementById("portal");
    if (portal && portal.value === "" && document.activeElement !== portal) {
      try { portal.value = JSON.parse(stored("localStorage", RECENT_KEY) || "[]")[0] || ""; } catch (e) { }
    }
    if (resuming) load();
    else afterFirstPaint(load);
  });

  // Once the form is on the screen, so fetching and compiling the code does not hold up its paint; a tab in the
  // background paints nothing, hence the timeout.
  function afterFirstPaint(run) {
    var started = false;
    function once() { if (!started) { started = true; run(); } }
    try {
      new PerformanceObserver(function (list, observer) {
        if (list.getEntriesByName("first-contentful-paint").length) {
          observer.disconnect();
          setTimeout(once, 0);
        }
      }).observe({ type: "paint", buffered: true });
    } catch (e) { }
    setTimeout(once, 1000);
  }
})();
