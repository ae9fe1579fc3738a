package decode

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"

	"github.com/triage/triage/internal/failure"
	"github.com/triage/triage/processors"
)

// Limits on the structure of a MIME message; a message over them is
// malformed.
const (
	maxMIMEDepth = 8   // nested multipart levels
	maxMIMEParts = 100 // entities in the whole message, the top one included
)

// TextFromMIME extracts the subject and the readable body of raw, an RFC 5322
// message (the bytes themselves, not base64: Decoder.Decode decodes the
// raw_mime field first).
//
// The subject has its RFC 2047 encoded words decoded. The body is the text of
// the message's inline text/plain and text/html parts (HTML reduced to text
// by HTMLToText): of a multipart/alternative, only its first alternative
// with text, text/plain preferred over text/html; of any other multipart
// (mixed, related, ...), every part with text, in order, separated by a
// blank line. Attachments (Content-Disposition: attachment) and non-text parts are
// skipped. Transfer encodings base64, quoted-printable, 7bit, 8bit and binary
// are understood; text is converted from its declared charset (any WHATWG or
// IANA name; ISO-8859-1 is read as Windows-1252, as browsers do) to UTF-8.
// Text that is not valid UTF-8 after that (including an unknown charset's
// bytes) is malformed. Line endings in the body are "\n"; subject and body are
// trimmed of surrounding whitespace.
//
// Every error is failure.BadInput(failure.MalformedMIME, ...): unparsable
// headers or multipart structure, a bad encoding, nesting deeper than 8
// multipart levels or more than 100 parts. It never panics.
func TextFromMIME(raw []byte) (subject, body string, err error) {
	subject, body, err = textFromMIME(raw)
	if err != nil {
		return "", "", failure.BadInput(failure.MalformedMIME, fmt.Errorf("decode: mime: %w", err))
	}
	return subject, body, nil
}

func textFromMIME(raw []byte) (subject, body string, err error) {
	m, err := parseMIME(raw)
	return m.subject, m.body, err
}

// mimeMessage is what triage reads from a MIME message.
type mimeMessage struct {
	subject, body string
	attachments   []processors.Attachment
	inReplyTo     string
	references    []string
}

// parseMIME reads raw as TextFromMIME does, and also the message's
// attachments (see walker.attachment) and its In-Reply-To and References
// headers (see msgIDs). Errors are plain, not yet classified.
func parseMIME(raw []byte) (mimeMessage, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return mimeMessage{}, fmt.Errorf("header: %w", err)
	}
	subject, err := wordDecoder.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return mimeMessage{}, fmt.Errorf("subject: %w", err)
	}
	if !utf8.ValidString(subject) {
		return mimeMessage{}, fmt.Errorf("subject: not UTF-8 at byte offset %d", invalidUTF8At([]byte(subject)))
	}
	var w walker
	p, err := w.entity(textproto.MIMEHeader(msg.Header), msg.Body, 0)
	if err != nil {
		return mimeMessage{}, err
	}
	m := mimeMessage{subject: strings.TrimSpace(subject), body: strings.TrimSpace(p.text), attachments: w.atts,
		references: msgIDs(msg.Header.Get("References"), maxReferences)}
	if ids := msgIDs(msg.Header.Get("In-Reply-To"), 1); len(ids) > 0 {
		m.inReplyTo = ids[0]
	}
	return m, nil
}

var wordDecoder = &mime.WordDecoder{
	CharsetReader: func(charset string, r io.Reader) (io.Reader, error) {
		data, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		s, err := decodeCharset(charset, data)
		return strings.NewReader(s), err
	},
}

// piece is the text found in one entity; html says it came from HTML.
type piece struct {
	text string
	html bool
}

// walker walks one message, counting its entities and collecting its
// attachments' metadata.
type walker struct {
	parts int
	atts  []processors.Attachment
}

// entity returns the text of the entity with header h and body r at the
// given multipart depth; an empty piece when it holds none.
func (w *walker) entity(h textproto.MIMEHeader, r io.Reader, depth int) (piece, error) {
	if w.parts++; w.parts > maxMIMEParts {
		return piece{}, fmt.Errorf("more than %d parts", maxMIMEParts)
	}
	mt, params := "text/plain", map[string]string{}
	if v := h.Get("Content-Type"); strings.TrimSpace(v) != "" {
		var err error
		mt, params, err = mime.ParseMediaType(v)
		if err != nil && !(errors.Is(err, mime.ErrInvalidMediaParameter) && mt != "") {
			if isAttachment(h) {
				mt, params = "application/octet-stream", map[string]string{}
			} else {
				return piece{}, fmt.Errorf("content-type %.100q: %w", v, err)
			}
		}
	}
	if isAttachment(h) {
		w.attachment(h, mt, params, r)
		return piece{}, nil
	}
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		if depth >= maxMIMEDepth {
			return piece{}, fmt.Errorf("multipart nested deeper than %d levels", maxMIMEDepth)
		}
		if params["boundary"] == "" {
			return piece{}, fmt.Errorf("%s without boundary", mt)
		}
		return w.multipart(multipart.NewReader(r, params["boundary"]), mt == "multipart/alternative", depth)
	case mt == "text/plain" || mt == "text/html":
		data, err := decodeTransfer(h.Get("Content-Transfer-Encoding"), r)
		if err != nil {
			return piece{}, err
		}
		s, err := decodeCharset(params["charset"], data)
		if err != nil {
			return piece{}, fmt.Errorf("%s part: %w", mt, err)
		}
		if mt == "text/html" {
			return piece{text: HTMLToText(s), html: true}, nil
		}
		return piece{text: strings.ReplaceAll(s, "\r\n", "\n")}, nil
	}
	w.attachment(h, mt, params, r)
	return piece{}, nil
}

// multipart returns the text of a multipart body. Of an alternative, that is
// the first part with text, a plain one preferred over HTML; of any other
// multipart (mixed, related, ...) it is the text of all parts, in order.
func (w *walker) multipart(mr *multipart.Reader, alternative bool, depth int) (piece, error) {
	var all []string
	var plain, html *piece
	allHTML := true
	for i := 1; ; i++ {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return piece{}, fmt.Errorf("multipart: %w", err)
		}
		pc, err := w.entity(p.Header, p, depth+1)
		if err != nil {
			return piece{}, fmt.Errorf("part %d: %w", i, err)
		}
		if pc.text = strings.TrimSpace(pc.text); pc.text == "" {
			continue
		}
		all = append(all, pc.text)
		allHTML = allHTML && pc.html
		switch {
		case pc.html && html == nil:
			html = &pc
		case !pc.html && plain == nil:
			plain = &pc
		}
	}
	switch {
	case !alternative:
		return piece{text: strings.Join(all, "\n\n"), html: len(all) > 0 && allHTML}, nil
	case plain != nil:
		return *plain, nil
	case html != nil:
		return *html, nil
	}
	return piece{}, nil
}

// decodeTransfer reads r undoing the Content-Transfer-Encoding cte.
func decodeTransfer(cte string, r io.Reader) ([]byte, error) {
	enc := strings.ToLower(strings.TrimSpace(cte))
	if enc == "" {
		enc = "7bit"
	}
	var data []byte
	var err error
	switch enc {
	case "7bit", "8bit", "binary":
		data, err = io.ReadAll(r)
	case "quoted-printable":
		data, err = io.ReadAll(quotedprintable.NewReader(r))
	case "base64":
		if data, err = io.ReadAll(r); err == nil {
			data, err = decodeBase64(data)
		}
	default:
		return nil, fmt.Errorf("unknown content-transfer-encoding %.50q", cte)
	}
	if err != nil {
		return nil, fmt.Errorf("%s body: %w", enc, err)
	}
	return data, nil
}

// decodeBase64 decodes standard base64, padded or not, ignoring ASCII
// whitespace (line breaks) anywhere.
func decodeBase64(b []byte) ([]byte, error) {
	clean := make([]byte, 0, len(b))
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n', '\f', '\v':
		default:
			clean = append(clean, c)
		}
	}
	clean = bytes.TrimRight(clean, "=")
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
	n, err := base64.RawStdEncoding.Decode(out, clean)
	if err != nil {
		return nil, fmt.Errorf("base64: %w", err)
	}
	return out[:n], nil
}

// decodeCharset converts text in the named charset to UTF-8. No charset,
// UTF-8 and US-ASCII require valid UTF-8 as is; so does a charset nobody
// knows.
func decodeCharset(charset string, data []byte) (string, error) {
	name := strings.ToLower(strings.Trim(charset, " \t\"'"))
	var enc encoding.Encoding
	switch name {
	case "", "utf-8", "utf8", "us-ascii", "ascii":
	default:
		if e, err := htmlindex.Get(name); err == nil && e != encoding.Replacement {
			enc = e
		} else if e, err := ianaindex.MIME.Encoding(name); err == nil && e != nil {
			enc = e
		}
	}
	if enc != nil {
		out, err := enc.NewDecoder().Bytes(data)
		if err != nil {
			return "", fmt.Errorf("charset %.50q: %w", charset, err)
		}
		data = out
	}
	if !utf8.Valid(data) {
		what := "charset " + fmt.Sprintf("%.50q", charset)
		switch {
		case name == "":
			what = "no charset"
		case enc == nil && !strings.Contains(" utf-8 utf8 us-ascii ascii ", " "+name+" "):
			what = "unknown " + what
		}
		return "", fmt.Errorf("%s and not UTF-8 at byte offset %d", what, invalidUTF8At(data))
	}
	return string(data), nil
}
