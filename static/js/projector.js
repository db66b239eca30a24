// The big screen: read-only; everything it shows comes from the shared live view.
import { connectSeminar } from "./live.js";

connectSeminar(document.querySelector("[data-live]"));
