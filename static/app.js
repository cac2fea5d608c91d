// Progressive enhancement for the connection error page; the page is complete without it.
// Loaded with `defer` from our own origin: the CSP allows no inline script.
(function () {
  "use strict";

  // Credentials an implicit flow may leave in the fragment never travel to the server.
  var SECRET_PARAMS = [
    "access_token", "id_token", "refresh_token", "code", "state",
    "client_secret", "code_verifier", "assertion"
  ];

  // `#error=…&error_description=…` (implicit flows, Auth0 Lock, MSAL) becomes the query,
  // replacing this history entry. A query that already has `error` is left alone: no loop.
  function moveFragmentErrorToQuery() {
    var fragment = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    var query = new URLSearchParams(window.location.search);
    if (!fragment.has("error") || query.has("error")) {
      return false;
    }
    fragment.forEach(function (value, key) {
      if (SECRET_PARAMS.indexOf(key) === -1 && !query.has(key)) {
        query.append(key, value);
      }
    });
    window.location.replace(window.location.pathname + "?" + query.toString());
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
