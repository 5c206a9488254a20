"""Demo content: the seed interview (interview.txt, a verbatim copy of a published story)
and the code that turns it into a published Interview with demo staff accounts."""
