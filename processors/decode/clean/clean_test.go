package clean

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestClean has cases per client style and language: the new text, and
// what must be found in the quoted part and the signature.
func TestClean(t *testing.T) {
	const order = "Please send 2 x Blue Widget (BW-01)."
	tests := []struct {
		name, in               string
		new, quoted, signature string // quoted and signature: substrings
		forwarded              bool
	}{
		{name: "plain", in: "Hi,\n\n" + order, new: "Hi,\n\n" + order},
		{name: "gmail en", in: order + "\n\nOn Tue, 3 Nov 2026 at 10:02, Jane <j@x.com> wrote:\n> 5 x Red Gadget\n> Thanks",
			new: order, quoted: "> 5 x Red Gadget"},
		{name: "gmail wrapped attribution", in: order + "\n\nOn Tue, Nov 3, 2026 at 10:02 AM Jane Doe <\njane.doe@example.com> wrote:\n\n> old",
			new: order, quoted: "wrote:"},
		{name: "apple mail", in: order + "\n\nSent from my iPhone\n\n> On 3 Nov 2026, at 10:02, Jane <j@x.com> wrote:\n> \n> old",
			new: order, quoted: "> old", signature: "Sent from my iPhone"},
		{name: "apple mail attribution unquoted", in: order + "\n\nOn 3 Nov 2026, at 10:02, Jane <j@x.com> wrote:\n\n> old",
			new: order, quoted: "On 3 Nov"},
		{name: "thunderbird", in: order + "\n\nOn 11/3/26 10:02 AM, Jane wrote:\n> old", new: order, quoted: "> old"},
		{name: "outlook original message", in: order + "\n\n-----Original Message-----\nFrom: Jane <j@x.com>\nSent: Tuesday, November 3, 2026 10:02 AM\nTo: orders@shop\nSubject: RE: order\n\n5 x Red Gadget",
			new: order, quoted: "5 x Red Gadget"},
		{name: "outlook underscores", in: order + "\n\n________________________________\nFrom: Jane <j@x.com>\nSent: Tuesday\nTo: orders@shop\nSubject: order\n\nold",
			new: order, quoted: "old"},
		{name: "outlook header block only", in: order + "\n\nFrom: Jane <j@x.com>\nSent: Tuesday\nTo: orders@shop\nSubject: order\n\nold",
			new: order, quoted: "From: Jane"},
		{name: "gmail bold header block", in: order + "\n\n*From:* Jane <j@x.com>\n*Sent:* Tuesday\n*To:* orders@shop\n*Subject:* order\n\nold",
			new: order, quoted: "*From:*"},
		{name: "from line in text is no header", in: "From: our Berlin warehouse\n" + order, new: "From: our Berlin warehouse\n" + order},
		{name: "interleaved quote", in: "> How many?\n" + order + "\n> Price?\n4 EUR each", new: order + "\n4 EUR each", quoted: "> How many?\n> Price?"},
		{name: "german attribution", in: "Bitte 3 x Kaffee.\n\nAm 03.11.2026 um 10:02 schrieb Jane <j@x.de>:\n> alt",
			new: "Bitte 3 x Kaffee.", quoted: "> alt"},
		{name: "german thunderbird", in: "Bitte 3 x Kaffee.\n\nJane Doe schrieb am 03.11.2026 um 10:02:\n> alt", new: "Bitte 3 x Kaffee.", quoted: "> alt"},
		{name: "german outlook", in: "Bitte 3 x Kaffee.\n\n-----Ursprüngliche Nachricht-----\nVon: Jane <j@x.de>\nGesendet: Dienstag, 3. November 2026 10:02\nAn: bestellung@shop\nBetreff: Bestellung\n\nalt",
			new: "Bitte 3 x Kaffee.", quoted: "Betreff: Bestellung"},
		{name: "german header block", in: "Bitte 3 x Kaffee.\n\nVon: Jane <j@x.de>\nGesendet: Dienstag\nAn: bestellung@shop\nBetreff: Bestellung\n\nalt",
			new: "Bitte 3 x Kaffee.", quoted: "alt"},
		{name: "polish gmail", in: "Proszę 4 szt. kawy.\n\nW dniu 3.11.2026 o 10:02 Jan Kowalski <jan@x.pl> napisał(a):\n> stare",
			new: "Proszę 4 szt. kawy.", quoted: "> stare"},
		{name: "polish thunderbird", in: "Proszę 4 szt. kawy.\n\nW dniu 3.11.2026 o 10:02, Jan Kowalski pisze:\n> stare", new: "Proszę 4 szt. kawy.", quoted: "> stare"},
		{name: "polish outlook", in: "Proszę 4 szt. kawy.\n\n-----Wiadomość oryginalna-----\nOd: Jan <jan@x.pl>\nWysłano: wtorek, 3 listopada 2026 10:02\nDo: zamowienia@sklep\nTemat: Zamówienie\n\nstare",
			new: "Proszę 4 szt. kawy.", quoted: "Temat: Zamówienie"},
		{name: "polish header block", in: "Proszę 4 szt. kawy.\n\nOd: Jan <jan@x.pl>\nWysłano: wtorek\nDo: zamowienia@sklep\nTemat: Zamówienie\n\nstare",
			new: "Proszę 4 szt. kawy.", quoted: "stare"},
		{name: "dash signature", in: order + "\n\n-- \nJane Doe\nACME", new: order, signature: "--\nJane Doe"},
		{name: "sign-off with name block", in: order + "\n\nBest regards,\nAnna Becker\nPurchasing, Becker Tools Ltd\nTel +44 20 7946 0958\n12 High Street, London",
			new: order, signature: "Best regards,\nAnna Becker"},
		{name: "sign-off and name on one line", in: order + "\n\nRegards, Tim", new: order, signature: "Regards, Tim"},
		{name: "sign-off followed by order is kept", in: order + "\n\nThanks,\nJane\n\nP.S. add 3 x Mug", new: order + "\n\nThanks,\nJane\n\nP.S. add 3 x Mug"},
		{name: "sign-off alone is kept", in: "Thanks!", new: "Thanks!"},
		{name: "german sign-off", in: "Bitte 3 x Kaffee.\n\nMit freundlichen Grüßen\nJana Müller\nMüller GmbH\nTel. +49 30 1234567",
			new: "Bitte 3 x Kaffee.", signature: "Mit freundlichen Grüßen"},
		{name: "german iphone", in: "Bitte 3 x Kaffee.\n\nGesendet von meinem iPhone", new: "Bitte 3 x Kaffee.", signature: "Gesendet von meinem iPhone"},
		{name: "polish sign-off and iphone", in: "Proszę 4 szt. kawy.\n\nPozdrawiam\nJan Kowalski\n\nWysłane z mojego iPhone",
			new: "Proszę 4 szt. kawy.", signature: "Pozdrawiam\nJan Kowalski\n\nWysłane z mojego iPhone"},
		{name: "english disclaimer", in: order + "\n\nThis email and any attachments are confidential and intended solely for the addressee.",
			new: order, signature: "This email and any attachments"},
		{name: "german disclaimer", in: "Bitte 3 x Kaffee.\n\nDiese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen.",
			new: "Bitte 3 x Kaffee.", signature: "Diese E-Mail enthält vertrauliche"},
		{name: "polish disclaimer", in: "Proszę 4 szt. kawy.\n\nTa wiadomość jest poufna i przeznaczona wyłącznie dla adresata.",
			new: "Proszę 4 szt. kawy.", signature: "Ta wiadomość jest poufna"},
		{name: "gmail forward, empty new part", in: "---------- Forwarded message ---------\nFrom: Jane <j@x.com>\nDate: Tue, 3 Nov 2026 at 10:02\nSubject: Order\nTo: <orders@shop>\n\n" + order + "\n\nThanks,\nJane",
			new: order, signature: "Thanks,\nJane", forwarded: true},
		{name: "forward with FYI", in: "FYI\n\n---------- Forwarded message ---------\nFrom: Jane <j@x.com>\nDate: Tue\nSubject: Order\nTo: <orders@shop>\n\n" + order,
			new: "FYI\n\n" + order, forwarded: true},
		{name: "apple forward", in: "Please process, see below.\n\nBegin forwarded message:\n\nFrom: Jane <j@x.com>\nSubject: Order\nDate: 3 November 2026 at 10:02:00 CET\nTo: orders@shop\n\n" + order,
			new: "Please process, see below.\n\n" + order, forwarded: true},
		{name: "outlook forward by subject", in: "FYI\n\n________________________________\nFrom: Jane <j@x.com>\nSent: Tuesday\nTo: sales@shop\nSubject: FW: Order\n\n" + order,
			new: "FYI\n\n" + order, forwarded: true},
		{name: "german forward", in: "Zur Info\n\n---------- Weitergeleitete Nachricht ---------\nVon: Jana <j@x.de>\nDatum: Di., 3. Nov. 2026\nBetreff: Bestellung\nAn: <b@shop>\n\nBitte 3 x Kaffee.",
			new: "Zur Info\n\nBitte 3 x Kaffee.", forwarded: true},
		{name: "forward with real comment keeps forward quoted", in: "The customer cancelled this one, ignore it.\n\n---------- Forwarded message ---------\nFrom: Jane <j@x.com>\nDate: Tue\nSubject: Order\nTo: <orders@shop>\n\n" + order,
			new: "The customer cancelled this one, ignore it.", quoted: order},
		{name: "reply 'see below' keeps history quoted", in: "Answers see below.\n\nOn Tue, 3 Nov 2026 at 10:02, Jane <j@x.com> wrote:\n> " + order,
			new: "Answers see below.", quoted: order},
		{name: "forward of a reply strips the inner quote", in: "FYI\n\n---------- Forwarded message ---------\nFrom: Jane <j@x.com>\nDate: Tue\nSubject: Re: Order\nTo: <orders@shop>\n\n" + order + "\n\nOn Mon, 2 Nov 2026 at 09:00, Shop <s@shop> wrote:\n> 9 x Old Item",
			new: "FYI\n\n" + order, quoted: "9 x Old Item", forwarded: true},
		{name: "forward with a request to process it", in: "Hi, can you process this for us? Deliver Friday please.\n\n---------- Forwarded message ---------\nFrom: Tom <t@x.com>\nDate: Wed\nSubject: stock\nTo: <jo@x.com>\n\n" + order,
			new: "Hi, can you process this for us? Deliver Friday please.\n\n" + order, forwarded: true},
		{name: "outlook forward asking to order the items below", in: "Please order the items below for Year 3, invoice as usual.\n\n-----Original Message-----\nFrom: Kiran <k@x.com>\nSent: 24 November 2026 15:02\nTo: Office <o@x.com>\nSubject: supplies\n\n" + order,
			new: "Please order the items below for Year 3, invoice as usual.\n\n" + order, forwarded: true},
		{name: "german request", in: "Bitte bearbeiten, danke.\n\n---------- Forwarded message ---------\nVon: Lukas <l@x.de>\nBetreff: Material\nAn: <f@x.de>\n\nBitte 3 x Kaffee.",
			new: "Bitte bearbeiten, danke.\n\nBitte 3 x Kaffee.", forwarded: true},
		{name: "bilingual marker, Polish without diacritics", in: "Prosze przekazac dalej, please process this.\n\n-------- Wiadomosc przekazana / Forwarded message --------\nOd: Ewa <e@x.pl>\nTemat: zamowienie\n\n" + order,
			new: "Prosze przekazac dalej, please process this.\n\n" + order, forwarded: true},
		{name: "a request to process, for whom", in: "Please process for the Leeds branch, delivery Monday.\n\n---------- Forwarded message ---------\nFrom: Tom <t@x.com>\nDate: Wed\nSubject: stock\nTo: <jo@x.com>\n\n" + order,
			new: "Please process for the Leeds branch, delivery Monday.\n\n" + order, forwarded: true},
		{name: "a request to process something named keeps the history quoted", in: "Please process the return for me.\n\nOn Tue, 3 Nov 2026 at 10:02, Jane <j@x.com> wrote:\n> " + order,
			new: "Please process the return for me.", quoted: order},
		{name: "a request about something else keeps the history quoted", in: "Please process my refund, the parcel came back to you last week.\n\nOn Tue, 3 Nov 2026 at 10:02, Jane <j@x.com> wrote:\n> " + order,
			new: "Please process my refund, the parcel came back to you last week.", quoted: order},
		{name: "normalised", in: "2\u00a0x\u200b Widget   A\r\n\r\n\r\n\r\nok", new: "2 x Widget  A\n\nok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Clean(tt.in)
			if r.New != tt.new {
				t.Errorf("New\n got %q\nwant %q", r.New, tt.new)
			}
			if !strings.Contains(r.Quoted, tt.quoted) || (tt.quoted == "") != (r.Quoted == "") {
				t.Errorf("Quoted %q, want it to hold %q", r.Quoted, tt.quoted)
			}
			if !strings.Contains(r.Signature, tt.signature) || (tt.signature == "") != (r.Signature == "") {
				t.Errorf("Signature %q, want it to hold %q", r.Signature, tt.signature)
			}
			if r.Forwarded != tt.forwarded {
				t.Errorf("Forwarded %v, want %v", r.Forwarded, tt.forwarded)
			}
			checkResult(t, tt.in, r)
		})
	}
}

// checkResult checks the invariants of every Result.
func checkResult(t *testing.T, in string, r Result) {
	t.Helper()
	for name, s := range map[string]string{"New": r.New, "Quoted": r.Quoted, "Signature": r.Signature} {
		if !utf8.ValidString(s) {
			t.Fatalf("%s not UTF-8: %q", name, s)
		}
		if s != strings.Trim(s, "\n") {
			t.Fatalf("%s not trimmed: %q", name, s)
		}
	}
	if r.OriginalChars != utf8.RuneCountInString(in) || r.CleanedChars != utf8.RuneCountInString(r.New) ||
		r.QuotedChars != utf8.RuneCountInString(r.Quoted) || r.SignatureStripped != (r.Signature != "") {
		t.Fatalf("inconsistent counts %+v", r)
	}
	if !r.Forwarded && r.CleanedChars > utf8.RuneCountInString(Normalize(in)) {
		t.Fatalf("New %q is longer than the normalised input", r.New)
	}
}
