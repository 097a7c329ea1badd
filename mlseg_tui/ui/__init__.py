"""The Textual browser: one widget or screen a module; styles live in styles/*.tcss."""
