import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native modules and files read at run time stay outside the bundle.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "@lancedb/lancedb",
    "apache-arrow",
    "@huggingface/transformers",
    "onnxruntime-node",
  ],
  poweredByHeader: false,
};

export default nextConfig;
