// A layering fixture: this file breaks the rule its folder is named after, on purpose.
export const y = 1;
