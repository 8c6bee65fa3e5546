"""Fuzz harnesses (run apart from the suite) and the pieces the suite shares with them."""
