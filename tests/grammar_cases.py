"""Grammar cases for the grammar layer: (text with the [[span]] marked, expected suggestion).

Harper checks agreement after pronouns ("He go"), not after noun subjects ("The minister go"); the cases
say what the embedded backend really does."""

CASES = [
    ("He [[go]] to Brussels every week, aides said.", "goes"),          # agreement
    ("She [[don't]] agree with the plan.", "doesn't"),                   # agreement
    ("They [[was]] late for the vote.", "were"),                         # agreement
    ("She bought [[a]] apple at the market.", "an"),                    # a/an
    ("It was [[an]] big mistake.", "a"),                                # a/an
    ("[[Their]] going to vote on Friday.", "They're"),                  # their/they're
    ("Residents lost [[there]] homes in the flood.", "their"),         # there/their
    ("Officials said [[the the]] talks failed.", "the"),               # doubled word
    ("The agency will [[recieve]] the report.", "receive"),             # misspelling
    ("The [[goverment]] said it would act.", "government"),             # misspelling
    ("The army has [[began]] withdrawing.", "begun"),                   # verb form
    ("He [[could of]] won the vote.", "could have"),                   # could of
    ("Prices rose in the [[last]] weeks, officials said.", "last few"),  # an insertion after the span
    ("They discussed security issues, [[including of]] the situation.", "including"),  # mtqa rule CAL001
]
