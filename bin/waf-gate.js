#!/usr/bin/env node
// The CLI runs the committed bundle, so a checkout works after `npm ci` without a build step.
import '../dist/cli.js';
