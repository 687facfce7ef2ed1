import { z } from "zod";

// Shared limits for user-written text, so every entity validates the same way.
export const MAX_NAME = 200;
export const MAX_FIELD = 4_000;
export const MAX_MARKDOWN = 200_000;
export const MAX_NOTE = 500;

export const nameField = z.string().trim().min(1, "must not be empty").max(MAX_NAME);
export const textField = z.string().trim().max(MAX_FIELD);
export const markdownField = z.string().max(MAX_MARKDOWN);
export const noteField = z.string().trim().max(MAX_NOTE);
