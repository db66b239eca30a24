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

# -- polls, word clouds and the evaluation (seminar.domain.polls) ---------------------------------
MAX_OPEN_ANSWER_CHARS = 300  # characters of an open answer: a sentence or two, read on a screen
MAX_WORDS_PER_ANSWER = 3  # words one person gives a word cloud
MAX_WORD_CHARS = 30  # characters of one of them ("kunnskapsutveksling" is 19)
CLOUD_WORDS = 50  # the words a cloud shows: more is unreadable from the back of a hall
MAX_OPEN_LISTED = 500  # open answers sent to a screen, newest first
MAX_BANNED_WORDS = 200  # words the facilitator bans from one word cloud

# -- kits -----------------------------------------------------------------------------------------
# A real seminar is at most two days of about 40 blocks and some 20 questions; the shipped kits
# are 7–12 thousand characters with at most 24 blocks and 11 questions. The limits leave room for
# a longer kit than any real one, while keeping what every page load and every import costs
# bounded (a kit is parsed and rendered once per distinct text, see seminar.services.kits).
MAX_ROLES = 6  # roles per kit (the national kit has three)
MAX_DURATION = 12 * 60 * 60  # seconds, of one block
MAX_PRIORITIES = 10  # points a group may pick for one question
MAX_KIT_CHARS = 200_000  # characters of a kit's source: 17 times the largest shipped kit
MAX_BLOCKS = 80  # blocks per kit: twice a two-day, 40-block seminar
MAX_QUESTIONS = 60  # questions per kit: three times the most a real seminar asks
# Poll items (polls, word clouds, the evaluation's items) are counted apart from the group
# questions: a kit may have MAX_QUESTIONS of these and MAX_ITEMS of those. A hall asked a poll
# in every plenary block of a two-day seminar, and a long evaluation, stays under 40.
MAX_ITEMS = 60  # poll items per kit, the blocks' and the evaluation's together
MIN_OPTIONS = 2  # options of a choice item
MAX_OPTIONS = 12  # options of a choice item: more do not fit on a phone or a projector
MAX_OPTION_CHARS = 200  # characters of one option (one line)
MAX_LABEL_CHARS = 60  # characters of a scale's end label (`ytterpunkter: lite | svært`)
MAX_VOTES = 10  # votes each participant gives on a prioritised question's summary (`stemmer`)
# Editing a seminar's kit in the browser (seminar.domain.kit_edits): what one socket message may
# carry. The plain-text editor sends the whole kit: 40,000 characters is 3.4 times the largest
# shipped kit (a longer uploaded kit is still edited field by field). One structured edit sets a
# text of at most 8,000 characters (the national kit's introduction is under 1,000), and a
# message holds at most 10 operations (the editor sends one or two at a time).
MAX_KIT_TEXT_CHARS = 40_000  # characters of a kit's text in one message (kit:text, kit:check)
MAX_KIT_FIELD_CHARS = 8_000  # characters of one field an edit sets (kit:edit, kit:preview)
MAX_KIT_OPS = 10  # operations in one kit:edit

# -- archives -------------------------------------------------------------------------------------
# The pilot hall (40 groups, two days) wrote 886 points, 22 per group; the largest hall
# (MAX_GROUPS) at that rate writes about 4,400. Its archive takes about 530 bytes a point
# (indented JSON, 90-character points). A restore is written in short transactions into a
# seminar hidden until the last one (seminar/services/archive.py), so no client waits long.
MAX_ARCHIVE_POINTS = 10_000  # points (deleted ones too) in one archive: 2.3 times that hall
MAX_ARCHIVE_ROWS = 20_000  # everything else but the points' history: participants, roles...
# Earlier versions of points (their history) in one archive: two for each of the most points.
# A seminar that kept more (the database keeps every one) exports the newest this many.
MAX_ARCHIVE_VERSIONS = 2 * MAX_ARCHIVE_POINTS
# The hall's answers to polls and its upvotes of questions to the panel (issue 16), counted
# apart from the rows above: a 1,000-phone hall answering 20 items and giving ten upvotes each.
# About 210 bytes each in the file, so at most about 6.3 MB of MAX_ARCHIVE_BYTES.
MAX_ARCHIVE_ANSWERS = 30_000
MAX_ARCHIVE_BYTES = 8 * 1024 * 1024  # of an archive file: 10,000 such points and the largest kit

# -- programme ------------------------------------------------------------------------------------
MAX_ADJUSTMENT = 3 * 60 * 60  # seconds a running block can be extended or shortened by at once
MAX_TIMER_SECONDS = 10**7  # seconds a block can be extended or shortened by in all

# -- questions to the panel ----------------------------------------------------------------------
# A question is read aloud by the moderator: 300 characters is some 50 words, half a minute.
MAX_PANEL_TEXT = 300  # characters of a question to the panel
MAX_PANEL_NAME = 60  # characters of the optional name under it
# A 1,000-phone hall asking during a 25-minute conversation: a tenth of it asking twice.
MAX_PANEL_QUESTIONS = 2_000  # questions to the panel in one seminar
# The big screen shows the top five: at its type size they fill a page or two.
PANEL_PROJECTOR_TOP = 5

# -- summary --------------------------------------------------------------------------------------
MAX_THEME_TITLE = 120  # characters
MAX_SUGGESTIONS = 20  # suggested merges shown at once

# -- transport ------------------------------------------------------------------------------------
# The longest text a socket event may carry is the pasted list of groups: a name per line for
# every group a seminar may have (MAX_GROUPS * (MAX_GROUP_NAME + 2) = 12,400 characters, a line
# ending being two). In JSON a character takes at most 6 bytes (a control character is written
# \u0001), so such a list takes at most 74,400 bytes; the rest of a message (its event name, the
# join code, the packet header) stays under 1 KiB. The transport closes the connection on a
# larger message without answering, so every message the server accepts must fit under it; the
# test of the payloads (tests/test_payload_limits.py) keeps it so. The kit editor's messages
# are larger still: a kit text of MAX_KIT_TEXT_CHARS takes at most 240,000 bytes, and a kit:edit
# of MAX_KIT_OPS operations each setting MAX_KIT_FIELD_CHARS at most 481,000; 512 KiB holds them.
# The transport only reads such a message from a socket that sends one (the facilitator's
# console); every other event is still refused far below it, by its own limits.
MAX_GROUP_LIST_CHARS = MAX_GROUPS * (MAX_GROUP_NAME + 2)  # characters of a pasted list of groups
MAX_PAYLOAD_BYTES = 512 * 1024  # one Socket.IO message
