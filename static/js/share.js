// Share links: they work as plain links without this. Where the phone has a share sheet (the Web
// Share API), the "Share" button opens it; "Copy link" copies the address instead of opening it.
(function () {
  document.querySelectorAll(".share").forEach(function (section) {
    var native = section.querySelector(".share-native");
    var copy = section.querySelector(".share-copy");
    var status = section.querySelector(".share-status");
    if (native && navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: native.dataset.title, text: native.dataset.text, url: native.dataset.url })
          .catch(function () { /* the visitor closed the share sheet */ });
      });
    }
    if (copy && navigator.clipboard) {
      copy.addEventListener("click", function (event) {
        event.preventDefault();
        navigator.clipboard.writeText(copy.href).then(function () {
          status.textContent = copy.dataset.copied;
        });
      });
    }
  });
})();

// The share kit (dashboard): a button copies the field it names; the card's button prints the page.
(function () {
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copyFrom);
    var status = document.getElementById(button.dataset.status);
    if (!source || !navigator.clipboard) {
      return;  // the field stays there to select by hand
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        status.textContent = button.dataset.copied;
      });
    });
  });
  document.querySelectorAll(".print-page").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
