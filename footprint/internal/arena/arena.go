// Package arena holds the engine's allocators: lists of values handed out
// from shared blocks, and the text of the paths of lists of lines written
// into shared buffers, so that a calculation of many lines makes few
// allocations.
package arena

import (
	"cmp"
	"strconv"
	"strings"
)

// Block hands out empty lists of a given capacity from blocks that grow
// from 16 to 4,096 elements (or Limit), so that many short lists cost few
// allocations and a small study allocates little. A list that outgrows its
// capacity moves out, as any slice does.
type Block[T any] struct {
	free  []T
	size  int
	Limit int
}

// Take returns an empty list of capacity n.
func (b *Block[T]) Take(n int) []T {
	if n > len(b.free) {
		if n > 256 {
			return make([]T, 0, n)
		}
		b.size = min(max(2*b.size, 16), cmp.Or(b.Limit, 4096))
		b.free = make([]T, max(b.size, n))
	}
	s := b.free[:0:n]
	b.free = b.free[n:]
	return s
}

// One returns a new zero T from the block.
func (b *Block[T]) One() *T { return &b.Take(1)[:1][0] }

// IndexPaths hands out the paths prefix+"0]", prefix+"1]", … of a list of
// lines, in order, as slices of one string.
type IndexPaths struct {
	all    string
	prefix int
	i      int
}

// Paths holds the text of a calculation's paths: the paths of a list
// of lines are written one after the other into a buffer that grows from
// 256 bytes to 64 KB, and each path is a slice of it, so that many short
// lists cost few allocations. A written byte never changes:
// strings.Builder only appends, and a full buffer is left to the paths
// that point into it.
type Paths struct {
	b       strings.Builder
	size    int
	scratch []byte // a list is composed here and written to b at once
}

// List returns the paths parent+sep+"0]", parent+sep+"1]", … of n lines;
// parent is written as the text of a and b when b ≥ 0, as a+"["+b+"]".
func (p *Paths) List(a string, b int, sep string, n int) IndexPaths {
	if n == 0 {
		return IndexPaths{}
	}
	parent := len(a)
	if b >= 0 {
		parent += 2 + digits(b)
	}
	prefix := parent + len(sep)
	size := n * (prefix + 2) // prefix, one digit and "]" each
	for x := 10; x <= n-1; x *= 10 {
		size += n - x // the indexes from x on have one more digit
	}
	if p.b.Cap()-p.b.Len() < size {
		p.size = min(max(2*p.size, 256), 64<<10)
		p.b = strings.Builder{}
		p.b.Grow(max(p.size, size))
	}
	if cap(p.scratch) < size {
		p.scratch = make([]byte, 0, max(size, 2*cap(p.scratch)))
	}
	buf := append(p.scratch[:0], a...)
	if b >= 0 {
		buf = append(buf, '[')
		buf = strconv.AppendInt(buf, int64(b), 10)
		buf = append(buf, ']')
	}
	buf = append(buf, sep...)
	pre := len(buf) // the prefix, written once and copied
	for i := range n {
		if i > 0 {
			buf = append(buf, buf[:pre]...)
		}
		if i < 10 {
			buf = append(buf, '0'+byte(i))
		} else {
			buf = strconv.AppendInt(buf, int64(i), 10)
		}
		buf = append(buf, ']')
	}
	p.scratch = buf
	start := p.b.Len()
	p.b.Write(buf)
	return IndexPaths{all: p.b.String()[start:], prefix: prefix}
}

// digits returns the number of decimal digits of i ≥ 0.
func digits(i int) int {
	n := 1
	for ; i >= 10; i /= 10 {
		n++
	}
	return n
}

// Next returns the path of the next line.
func (p *IndexPaths) Next() string {
	end := p.prefix + 1 + digits(p.i)
	path := p.all[:end]
	p.all, p.i = p.all[end:], p.i+1
	return path
}
