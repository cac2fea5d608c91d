// Progressive enhancement for the connection error page; the page is complete without it.
// Loaded with `defer` from our own origin: the CSP allows no inline script.
(function () {
  "use strict";

  // The only route the rewrite may run on, and the only place it may lead: the server
  // names it (it follows `[http] base_path`); the default covers an older cached page.
  var script = document.currentScript;
  var CALLBACK_PATH = (script && script.getAttribute("data-page-path")) ||
    "/ui-handlers/connect/callback/error";

  // The parameters the server reads. Everything else (`code`, tokens in any spelling or
  // encoding, `state`) is dropped from the fragment and the query alike: a name list to
  // refuse would always miss a spelling (`ACCESS_TOKEN`, `code%00`, `oauth_token`).
  var KEPT_PARAMS = [
    "error", "error_description", "error_uri", "error_subtype", "error_subcode",
    "error_reason", "error_code", "connection_name", "return_to", "ui_locales", "lang",
    "opener_nonce"
  ];

  function kept(name) {
    return KEPT_PARAMS.indexOf(name) !== -1;
  }

  // `#error=…&error_description=…` (implicit flows, Auth0 Lock, MSAL) becomes the query,
  // replacing this history entry. A query that already has `error` is left alone: no loop.
  // Only on the callback route, and only to a same-origin address built from the origin:
  // `location.pathname` can start with `//`, which would name another host.
  function moveFragmentErrorToQuery() {
    if (window.location.pathname !== CALLBACK_PATH) {
      return false;
    }
    var fragment = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    var current = new URLSearchParams(window.location.search);
    if (!fragment.has("error") || current.has("error")) {
      return false;
    }
    var query = new URLSearchParams();
    [current, fragment].forEach(function (params) {
      params.forEach(function (value, key) {
        if (kept(key) && !query.has(key)) {
          query.append(key, value);
        }
      });
    });
    var target = new URL(CALLBACK_PATH, window.location.origin);
    target.search = query.toString();
    if (target.origin !== window.location.origin) {
      return false;
    }
    window.location.replace(target.href);
    return true;
  }

  // Where the clipboard is refused, open the details and select the block instead.
  function selectBundle(bundle) {
    var details = bundle.closest("details");
    if (details) {
      details.open = true;
    }
    bundle.focus();
    var range = document.createRange();
    range.selectNodeContents(bundle);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function setUpCopy() {
    var button = document.getElementById("copy-details");
    var bundle = document.getElementById("support-bundle");
    var status = document.getElementById("copy-status");
    if (!button || !bundle || !status) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var copying = navigator.clipboard && window.isSecureContext
        ? navigator.clipboard.writeText(bundle.textContent)
        : Promise.reject(new Error("no clipboard"));
      copying.then(
        function () {
          status.textContent = button.dataset.copied;
        },
        function () {
          selectBundle(bundle);
          status.textContent = button.dataset.copyFailed;
        }
      );
    });
  }

  // Opened as a popup: tell the opener what happened, but only at an allowed origin
  // (the browser delivers to the one the opener really has), and offer to close.
  function setUpPopup() {
    var close = document.getElementById("close-popup");
    if (!close || !window.opener || window.opener === window) {
      return;
    }
    var data = close.dataset;
    var message = {
      type: "connect-error",
      code: data.code,
      category: data.category,
      reference: data.reference,
      retryable: data.retryable === "true"
    };
    // Echoed so the opener can tie the message to the flow it started.
    if (data.openerNonce) {
      message.opener_nonce = data.openerNonce;
    }
    (data.openerOrigins || "").split(" ").forEach(function (origin) {
      if (origin && origin !== "*") {
        try {
          window.opener.postMessage(message, origin);
        } catch (e) {
          // The opener went away; nothing to tell.
        }
      }
    });
    close.hidden = false;
    close.addEventListener("click", function () {
      window.close();
    });
  }

  if (!moveFragmentErrorToQuery()) {
    setUpCopy();
    setUpPopup();
  }
})();
