"""Training and evaluation: reads research corpora (../shared/data) that never ship with the tool."""
