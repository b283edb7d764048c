#!/usr/bin/env node
// The `glossa` command. Plain JavaScript run as it is (no build step), so the bin link works as soon
// as the workspace is installed and the packages it uses are built.
import { main } from '../src/main.mjs';

process.exitCode = await main(process.argv.slice(2));
