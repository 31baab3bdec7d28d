"""Talking to remote triple stores over HTTP: the SPARQL protocol and the Graph Store Protocol."""
