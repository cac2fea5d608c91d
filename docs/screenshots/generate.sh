#!/usr/bin/env bash
# Regenerates the README's screenshots in headless Chromium (needs chromium and chromium-driver).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo run --quiet --example screenshots -- docs/screenshots
