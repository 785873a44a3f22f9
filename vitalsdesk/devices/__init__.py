"""Readings from the devices in the exam room: Bluetooth health devices' GATT characteristics.

Pure like vitalsdesk.clinical: no Qt, no database, no other layer but clinical (the names of
measurements and temperature methods). `gatt` decodes one payload into a `DeviceReading`;
`transport` is where payloads come from (a recorded replay file now, a Bluetooth link later).
A decoder never judges a value: the clinical rules do that when the MA checks the set.
"""
