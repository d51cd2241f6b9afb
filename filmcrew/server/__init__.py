"""The HTTP server: film jobs for content teams (`filmcrew serve`)."""
