// A layering fixture: this file breaks the rule its folder is named after, on purpose.
import { y } from "../storage/y";
export const x = y;
