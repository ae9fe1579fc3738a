package clean

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestContext(t *testing.T) {
	tests := []struct {
		name, email, want string
		max               int
	}{
		{"gmail reply: the offer, without attribution and signature",
			"yes, both please\n\nOn Tue, 3 Nov 2026 at 10:02, Ann's Lamps <shop@x.example> wrote:\n> Hi Jo,\n> we can offer:\n> 30 x Brass Lantern at EUR 12.50\n> 20 x Copper Lantern at EUR 9.00\n>\n> Best regards,\n> Ann\n",
			"Hi Jo,\nwe can offer:\n30 x Brass Lantern at EUR 12.50\n20 x Copper Lantern at EUR 9.00", 0},
		{"outlook reply: header block out, older history below cut",
			"We'll take the lanterns then, 40 of them.\n\n-----Original Message-----\nFrom: Shop <s@x.example>\nSent: Monday, 2 November 2026 09:00\nTo: Jo\nSubject: RE: lanterns\n\nLanterns are 12.50 each.\n\n-----Original Message-----\nFrom: Jo\nSent: Sunday, 1 November 2026 09:00\nTo: Shop\nSubject: lanterns\n\nDo you sell 5 x teapots?",
			"Lanterns are 12.50 each.", 0},
		{"only the newest quoting level",
			"ok\n\nOn Mon, Jo wrote:\n> Price is $4 a jar.\n>> Do you have 3 jars?\n> Bye", "Price is $4 a jar.\nBye", 0},
		{"bottom-posted reply quoted whole, its attribution quoted too",
			"> On Wed, 4 Nov 2026 at 08:10, Mill Shop <m@x.example> wrote:\n> Hi Sam, 20 x oat sacks at GBP 14.00 each.\n> Regards, Mill Shop\n\nFine, send them.",
			"Hi Sam, 20 x oat sacks at GBP 14.00 each.", 0},
		{"top-posted reply whose history quotes its own header block",
			"Confirmed.\n\n> From: Shop <s@x.example>\n> Sent: Monday, 2 November 2026 09:00\n> To: Jo\n> Subject: offer\n>\n> 12 x lamp shades at EUR 8.00",
			"12 x lamp shades at EUR 8.00", 0},
		{"no history", "just text", "", 0},
		{"offer lines first when bounded",
			"yes\n\nOn Mon, Shop wrote:\n> Thank you so much for your kind interest in our shop\n> 2 x Tea Towel 4.00\n> We hope to hear from you soon, have a lovely day\n> 1 x Apron 9.50",
			"2 x Tea Towel 4.00\n1 x Apron 9.50", 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Context(Clean(tt.email).Quoted, tt.max)
			if got != tt.want {
				t.Errorf("Context = %q, want %q (quoted %q)", got, tt.want, Clean(tt.email).Quoted)
			}
		})
	}
}

// Context never returns more than max bytes, and valid UTF-8, whatever the
// quoted text.
func TestContextBound(t *testing.T) {
	long := strings.Repeat("é", 500)
	for _, q := range []string{long, "> " + long + "\n> 2 x é", "x\n" + long, strings.Repeat("1 x a\n", 300)} {
		for _, max := range []int{1, 7, 40, 301} {
			got := Context(q, max)
			if len(got) > max || !utf8.ValidString(got) || got == "" && max >= 7 {
				t.Errorf("Context(%d bytes, %d) = %d bytes %q", len(q), max, len(got), got)
			}
		}
	}
}
