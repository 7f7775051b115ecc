"""The risk and issues log: risks scored on the council's matrix, reviewed, escalated and
closed; issues raised from them; the actions that treat both."""
