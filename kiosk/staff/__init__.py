"""Staff: the maintenance service, PIN users and roles, in/out of service, cash collection,
device tests, the handlers of server commands, and the wiring of this stack.
"""
