"""The model families the diffusers backend knows, one module each."""
