"""Pure rules of Verksam: goals, progress and pace, parsing, reminder policy.

Nothing here imports the bot, the database or the clock: the current time is always
a parameter, so every rule can be read and tested on its own.
"""
