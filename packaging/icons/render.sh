#!/bin/sh
# Renders the committed PNG icons from the two SVGs (run once after changing a drawing; the build does not run it).
# Needs rsvg-convert (Debian: librsvg2-bin). nnlab-small.svg is drawn for 16-24 pixels, nnlab.svg for the rest.
set -eu
cd "$(dirname "$0")"
for s in 16 22 24; do rsvg-convert -w $s -h $s nnlab-small.svg -o png/nnlab-$s.png; done
for s in 32 48 64 128 256; do rsvg-convert -w $s -h $s nnlab.svg -o png/nnlab-$s.png; done
