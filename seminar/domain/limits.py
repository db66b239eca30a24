"""Every limit the app enforces, in one place.

Live use (socket events, forms) and the archive import check against the same constants, so a
seminar this server created always imports into it again. A limit that changes here changes for
both.
"""

# -- groups and participants ----------------------------------------------------------------------
MAX_GROUPS = 200  # groups per seminar
MAX_GROUP_NAME = 60  # characters
MAX_DISPLAY_NAME = 40  # characters
MAX_GROUP_SIZE = 100  # the largest size limit a group can be given
# Stored participants per seminar (a phone is stored when it first joins a group): twice the
# largest hall measured (1,000 phones, docs/performance.md), so people on a second device or
# a new browser still fit; it bounds what fresh identities from many addresses can fill.
MAX_PARTICIPANTS = 2000

# -- answers --------------------------------------------------------------------------------------
MAX_POINT_CHARS = 2000
MAX_POINTS_PER_QUESTION = 50

# -- kits -----------------------------------------------------------------------------------------
MAX_ROLES = 6  # roles per kit (the national kit has three)
MAX_DURATION = 12 * 60 * 60  # seconds, of one block
MAX_PRIORITIES = 10  # points a group may pick for one question
MAX_KIT_CHARS = 2_000_000  # characters of a kit's source

# -- programme ------------------------------------------------------------------------------------
MAX_ADJUSTMENT = 3 * 60 * 60  # seconds a running block can be extended or shortened by at once
MAX_TIMER_SECONDS = 10**7  # seconds a block can be extended or shortened by in all

# -- summary --------------------------------------------------------------------------------------
MAX_THEME_TITLE = 120  # characters
MAX_SUGGESTIONS = 20  # suggested merges shown at once

# -- transport ------------------------------------------------------------------------------------
MAX_PAYLOAD_BYTES = 16 * 1024  # one Socket.IO message
