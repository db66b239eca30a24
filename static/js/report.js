// The report page: the print button (print, or save as PDF in the print dialogue).
// The button stays hidden without JavaScript; the hint beside the links says how to print.
const printButton = document.querySelector("[data-print-report]");
if (printButton) {
  printButton.hidden = false;
  printButton.addEventListener("click", () => window.print());
}
