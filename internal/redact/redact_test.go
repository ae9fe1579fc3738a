package redact

import "testing"

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"mail me at jane.doe+orders@example.co.uk please", "mail me at [EMAIL] please"},
		{"call +1 555 123 4567 or +44 20 7946 0958", "call [PHONE] or [PHONE]"},
		{"US style (555) 123-4567 and 555-123-4567", "US style [PHONE] and [PHONE]"},
		{"card 4111 1111 1111 1111 exp 12/28", "card [CARD] exp 12/28"},
		{"card 4111-1111-1111-1112 fails Luhn", "card 4111-1111-1111-1112 fails Luhn"},
		{"IBAN DE89 3704 0044 0532 0130 00 thanks", "IBAN [IBAN] thanks"},
		{"IBAN GB82WEST12345698765432", "IBAN [IBAN]"},
		{"bad checksum DE00ABCDEFGHIJKLMNOP stays", "bad checksum DE00ABCDEFGHIJKLMNOP stays"},
		{"order #55123 on 2026-11-27 for $120.50, PO-2026-0142, qty 12", "order #55123 on 2026-11-27 for $120.50, PO-2026-0142, qty 12"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestClip(t *testing.T) {
	if got := Clip("héllo world", 2); got != "h…[truncated]" {
		t.Errorf("got %q", got)
	}
	if got := Clip("short", 10); got != "short" {
		t.Errorf("got %q", got)
	}
}
