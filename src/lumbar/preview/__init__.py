"""The live preview (`lumbar serve`): rebuild what changed, serve it, reload the browser."""
