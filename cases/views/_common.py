"""What the case pages share."""

PAGE_SIZE = 25
