#!/usr/bin/env node
// The `glossa-metrics` command. A committed file (the build output lands in dist/), so that
// installing the workspace before building creates the bin link without a warning.
import '../dist/bin.js';
