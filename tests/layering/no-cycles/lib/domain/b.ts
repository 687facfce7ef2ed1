// A layering fixture: this file breaks the rule its folder is named after, on purpose.
import { a } from "./a";
export const b = () => a;
