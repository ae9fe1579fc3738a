package decode

import (
	"bytes"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"
)

// A field reads one member's value into a T. It returns the value's schema
// violation (judged as if this member were the last of its name, as the
// schema sees a document with duplicate keys) and its type error
// (encoding/json's UnmarshalTypeError: any member of that name, even one a
// later duplicate replaces, fails json.Unmarshal).
type field[T any] struct {
	name string
	read func(s *scanner, x *T, path string) (schema, typ error)
	path string // the member's path where its object always is (see at); "": made per read
}

// at sets the paths of fields, members of the object at path parent, so
// that reading them makes no path string.
func at[T any](parent string, fields []field[T]) []field[T] {
	for i := range fields {
		fields[i].path = join(parent, fields[i].name)
	}
	return fields
}

// pathOf is the path of fields[i] in the object at path.
func pathOf[T any](path string, f *field[T]) string {
	if p := f.path; len(p) == len(path)+1+len(f.name) && p[:len(path)] == path {
		return p
	}
	return join(path, f.name)
}

// want peeks at the value at s.i: when it is not of kind k it reads it and
// returns its schema violation, and its type error unless it is null
// (json.Unmarshal leaves a field alone on null).
func (s *scanner) want(k, path string) (schema, typ error) {
	got := s.peek()
	if got == k || s.err != nil {
		return nil, nil
	}
	s.skip(got)
	schema = violation(path, "want %s, but got %s", k, got)
	if got != kNull {
		typ = schema
	}
	return schema, typ
}

// violation is a schema violation at path (a JSON pointer without its
// leading "/").
func violation(path, format string, args ...any) error {
	return fmt.Errorf("at /%s: "+format, append([]any{path}, args...)...)
}

// members reads an object at s.i into x. A member named exactly like a
// field is read by it; one whose name matches a field only without
// regard to case is read too (encoding/json fills the field), but breaks
// the schema, as does any other member (additionalProperties false).
// required lists the fields that must be there; seen has bit i set for
// each fields[i] present.
func members[T any](s *scanner, x *T, path string, fields []field[T], required []string) (seen uint32, schema, typ error) {
	if schema, typ = s.want(kObject, path); schema != nil {
		return 0, schema, typ
	}
	var errs [32]error
	var extra error
	s.object(func(key []byte) {
		i := slices.IndexFunc(fields, func(f field[T]) bool { return f.name == string(key) })
		if i < 0 {
			// encoding/json also fills a field whose name matches but for case
			i = slices.IndexFunc(fields, func(f field[T]) bool { return bytes.EqualFold([]byte(f.name), key) })
			if extra == nil {
				extra = violation(path, "additional property %q not allowed", key)
			}
		} else {
			seen |= 1 << i
		}
		if i < 0 {
			s.skip(s.peek())
			return
		}
		se, te := fields[i].read(s, x, pathOf(path, &fields[i]))
		if seen&(1<<i) != 0 {
			errs[i] = se
		}
		if typ == nil {
			typ = te
		}
	})
	for i, f := range fields {
		if schema == nil && seen&(1<<i) == 0 && contains(required, f.name) {
			schema = violation(path, "missing property %q", f.name)
		}
	}
	for _, e := range errs[:len(fields)] {
		if schema == nil {
			schema = e
		}
	}
	if schema == nil {
		schema = extra
	}
	return seen, schema, typ
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "/" + name
}

// text reads a string member of at least min and at most max runes
// (max 0: no limit) into *dst.
func text(s *scanner, dst *string, path string, min, max int) (schema, typ error) {
	if schema, typ = s.want(kString, path); schema != nil {
		return schema, typ
	}
	v := s.str()
	*dst = v
	if min == 0 && max == 0 {
		return nil, nil
	}
	if max > 0 && len(v) > 4*max { // more than max runes, whatever they are
		return violation(path, "longer than %d characters", max), nil
	}
	switch n := utf8.RuneCountInString(v); {
	case n < min:
		return violation(path, "%d characters, want at least %d", n, min), nil
	case max > 0 && n > max:
		return violation(path, "%d characters, want at most %d", n, max), nil
	}
	return nil, nil
}

// texts reads an array of strings of min to max items (max 0: no limit),
// each of itemMin to itemMax runes, into *dst.
func texts(s *scanner, dst *[]string, path string, min, max, itemMin, itemMax int) (schema, typ error) {
	if schema, typ = s.want(kArray, path); schema != nil {
		if typ == nil {
			*dst = nil // null, as json.Unmarshal leaves a slice
		}
		return schema, typ
	}
	out := (*dst)[:0]
	s.array(func() {
		var v string
		se, te := text(s, &v, fmt.Sprint(path, "/", len(out)), itemMin, itemMax)
		out = append(out, v)
		if schema == nil {
			schema = se
		}
		if typ == nil {
			typ = te
		}
	})
	if out == nil {
		out = []string{} // as json.Unmarshal fills an empty array
	}
	*dst = out
	switch {
	case schema != nil:
	case len(out) < min:
		schema = violation(path, "minItems: got %d, want %d", len(out), min)
	case max > 0 && len(out) > max:
		schema = violation(path, "maxItems: got %d, want %d", len(out), max)
	}
	return schema, typ
}

// moment reads a date-time member into *dst the way json.Unmarshal fills a
// time.Time (its raw bytes, escapes and all, through Time.UnmarshalJSON),
// and checks it against the schema's format "date-time" as
// santhosh-tekuri/jsonschema asserts it.
func moment(s *scanner, dst *time.Time, path string) (schema, typ error) {
	if schema, typ = s.want(kString, path); schema != nil {
		return schema, typ
	}
	start := s.i
	v, _ := s.bytes()
	if s.err != nil {
		return nil, nil
	}
	if err := dst.UnmarshalJSON(s.b[start:s.i]); err != nil {
		e := violation(path, "%q is not a date-time: %v", v, err)
		return e, e
	}
	if !dateTime(v) {
		return violation(path, "%q is not valid date-time", v), nil
	}
	return nil, nil
}

// dateTime reports whether v, which Go's RFC 3339 parser accepted, is also
// a valid "date-time" for jsonschema: Go also reads a one-digit hour, a
// comma before the fraction and zone offsets of 24 hours or 60 minutes and
// more, which jsonschema refuses. (The rest Go checks as strictly: four-
// digit year, two-digit month, day, minute and second in range, upper-case
// T and Z; a leap second Go refuses, whatever jsonschema says.)
func dateTime(v []byte) bool {
	if len(v) < 20 || v[13] != ':' || v[19] == ',' {
		return false
	}
	if v[len(v)-1] == 'Z' {
		return true
	}
	off := v[len(v)-6:]
	two := func(s []byte) int { return int(s[0]-'0')*10 + int(s[1]-'0') }
	return two(off[1:3]) <= 23 && two(off[4:6]) <= 59
}
