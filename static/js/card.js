// The card field: the one part of the marketplace that needs JavaScript. Card numbers go from the
// browser straight to Stripe; the order becomes paid when Stripe tells our server, not from here.
(function () {
  var script = document.currentScript;
  var form = document.getElementById("card-form");
  if (!form || typeof Stripe === "undefined") { return; }
  var stripe = Stripe(script.dataset.key);
  var card = stripe.elements().create("card", { hidePostalCode: true });
  var button = form.querySelector("button");
  var message = document.getElementById("card-message");
  card.mount("#card-element");
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    message.textContent = script.dataset.working;
    stripe.confirmCardPayment(script.dataset.secret, { payment_method: { card: card } }).then(function (result) {
      if (result.error) {
        message.textContent = result.error.message;
        button.disabled = false;
      } else {
        window.location.assign(script.dataset.returnUrl);
      }
    });
  });
})();
