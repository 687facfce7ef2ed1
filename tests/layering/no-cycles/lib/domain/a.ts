// A layering fixture: this file breaks the rule its folder is named after, on purpose.
import { b } from "./b";
export const a = () => b;
