import { afterEach, beforeEach, expect, test } from "vitest";
import * as brands from "@/app/api/v1/brands/route";
import { callRoute } from "../support/callRoute";
import { disposeWorkspace, useTempWorkspace } from "../support/tempWorkspace";

let dir: string;
beforeEach(async () => ({ dir } = await useTempWorkspace()));
afterEach(async () => disposeWorkspace(dir));

test("create and list", async () => {
  const created = await callRoute(brands.POST, "POST", "/api/v1/brands", { body: { name: "Acme", soul_md: "# Soul" } });
  expect(created.status).toBe(201);
  const list = await callRoute(brands.GET, "GET", "/api/v1/brands");
  expect(list.json.items[0].soul_md).toBe("# Soul");
});
