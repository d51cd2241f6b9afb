"""The crew: LangGraph agents (writer, director, editor), their schemas, state and graph."""
