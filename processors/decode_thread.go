package processors

import (
	"strings"
	"unicode/utf8"

	"github.com/triage/triage/processors/clean"
)

// Cleaning says what Decoder.Decode cut from an email's body before the
// decision; it is published as data.cleaning of the order event.
type Cleaning struct {
	// OriginalChars counts the runes of the body before cleaning (the text,
	// the HTML reduced to text, or the text of the raw_mime message);
	// CleanedChars those of the cleaned Body; QuotedChars those of the
	// quoted history set aside.
	OriginalChars     int  `json:"original_chars"`
	CleanedChars      int  `json:"cleaned_chars"`
	QuotedChars       int  `json:"quoted_chars"`
	SignatureStripped bool `json:"signature_stripped"`
	// Forwarded says Body holds a forwarded message (see clean.Clean).
	Forwarded bool `json:"forwarded,omitempty"`
	// Attachments lists the raw_mime message's attachments, metadata only.
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Attachment describes one attachment (or other non-text part) of a MIME
// message; its content is never kept.
type Attachment struct {
	Name string `json:"name,omitempty"` // file name, at most 255 runes
	Type string `json:"type"`           // media type, lower case
	Size int    `json:"size"`           // decoded bytes
}

// Thread holds an email's thread headers; it is published as data.thread of
// the order event so that subscribers can group a conversation.
type Thread struct {
	MessageID  string   `json:"message_id"`
	InReplyTo  string   `json:"in_reply_to,omitempty"`
	References []string `json:"references,omitempty"`
}

// Bounds on thread headers read from MIME (the JSON fields are bounded by
// schemas/email.v1.json).
const (
	maxReferences = 100
	maxMsgIDBytes = 998
)

// applyCleaning sets in's Body to the cleaned RawBody and records the
// cleaning statistics.
func applyCleaning(in *Input, atts []Attachment) {
	r := clean.Clean(in.RawBody)
	in.Body = r.New
	in.Cleaning = &Cleaning{
		OriginalChars: r.OriginalChars, CleanedChars: r.CleanedChars, QuotedChars: r.QuotedChars,
		SignatureStripped: r.SignatureStripped, Forwarded: r.Forwarded, Attachments: atts,
	}
}

// msgIDs returns the message ids of a References or In-Reply-To header
// value: its "<…>" tokens, or its space-separated words when it has none,
// each at most 998 bytes of valid UTF-8, the last max of them.
func msgIDs(v string, max int) []string {
	var ids []string
	for _, w := range strings.Fields(v) {
		if i := strings.IndexByte(w, '<'); i >= 0 {
			if j := strings.IndexByte(w[i:], '>'); j > 0 {
				w = w[i : i+j+1]
			}
		}
		if w != "" && len(w) <= maxMsgIDBytes && utf8.ValidString(w) {
			ids = append(ids, w)
		}
	}
	if len(ids) > max {
		ids = ids[len(ids)-max:]
	}
	return ids
}

// Prepare fills in.Body from in.RawBody the way Decode does for the live
// service: an email's text is cleaned (quoted history, signatures and
// disclaimers out, normalised), a ticket's is normalised. Tools that build
// Inputs without decoding an event (triage eval) call it so they measure
// what the engines really see.
func Prepare(in *Input) {
	if in.Kind == KindEmail {
		applyCleaning(in, nil)
		return
	}
	in.Body = clean.Normalize(in.RawBody)
}
