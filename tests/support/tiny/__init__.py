"""Tiny random-weight diffusers pipelines, built in code for fast CPU tests."""
