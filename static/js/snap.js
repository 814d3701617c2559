// Midtrans Snap: the pay button opens Snap's window over the page. Without JavaScript, or when
// Snap.js did not load, the same button is a plain link to Snap's payment page. The order becomes
// paid when Midtrans tells our server (and we ask Midtrans), never from here.
(function () {
  var script = document.currentScript;
  var button = document.getElementById("snap-pay");
  if (!button || !window.snap) { return; }
  var back = function () { window.location.assign(script.dataset.returnUrl); };
  button.addEventListener("click", function (event) {
    event.preventDefault();
    window.snap.pay(script.dataset.token, { onSuccess: back, onPending: back, onError: back });
  });
})();
