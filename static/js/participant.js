// A participant's phone: the seminar, the current block and the same countdown as the hall.
import { connectSeminar } from "./live.js";

connectSeminar(document.querySelector("[data-live]"));
