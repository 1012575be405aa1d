/* URL and URLSearchParams (WHATWG URL Standard): the basic URL parser as its state machine, hosts
 * (domains, IPv4 in all its number forms, IPv6, opaque hosts), the setters, and the
 * application/x-www-form-urlencoded format. IDNA is partial: see domainToASCII. */
(function (internal) {
    'use strict';

    const {textEncode, textDecode, urlSplit} = internal;
    const FAILURE = Symbol('failure');

    const specialPorts = new Map([['ftp', 21], ['file', null], ['http', 80], ['https', 443],
                                  ['ws', 80], ['wss', 443]]);
    const isSpecialScheme = (scheme) => specialPorts.has(scheme);
    const defaultPort = (scheme) => specialPorts.has(scheme) ? specialPorts.get(scheme) : null;

    /* ---- percent-encoding ---- */

    const inString = (s) => {
        const set = new Set(Array.from(s, (ch) => ch.codePointAt(0)));
        return (c) => set.has(c);
    };
    const c0Set = (c) => c < 0x20 || c > 0x7e;
    const fragmentExtra = inString(' "<>`');
    const fragmentSet = (c) => c0Set(c) || fragmentExtra(c);
    const queryExtra = inString(' "#<>');
    const querySet = (c) => c0Set(c) || queryExtra(c);
    const specialQuerySet = (c) => querySet(c) || c === 0x27;
    const pathExtra = inString('?`{}');
    const pathSet = (c) => querySet(c) || pathExtra(c);
    const userinfoExtra = inString('/:;=@[\\]^|');
    const userinfoSet = (c) => pathSet(c) || userinfoExtra(c);
    const componentExtra = inString('$%&+,');
    const componentSet = (c) => userinfoSet(c) || componentExtra(c);
    const formExtra = inString("!'()~");
    const formSet = (c) => componentSet(c) || formExtra(c);

    const hexUpper = Array.from({length: 256},
                                (_, i) => '%' + i.toString(16).toUpperCase().padStart(2, '0'));

    /* One code point (a string of 1 or 2 units), percent-encoded if in the set. */
    function encodeCodePoint(ch, set) {
        const c = ch.codePointAt(0);
        if (c < 0x80 && !set(c))
            return ch;
        let out = '';
        for (const b of textEncode(ch))
            out += hexUpper[b];
        return out;
    }

    function percentEncodeString(s, set, spaceAsPlus = false) {
        let out = '';
        for (const ch of s)
            out += spaceAsPlus && ch === ' ' ? '+' : encodeCodePoint(ch, set);
        return out;
    }

    const isHex = (b) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) ||
        (b >= 0x61 && b <= 0x66);

    /* Percent-decodes the UTF-8 encoding of s into bytes. */
    function percentDecodeBytes(s) {
        const bytes = textEncode(s);
        const out = new Uint8Array(bytes.length);
        let o = 0;
        for (let i = 0; i < bytes.length; i++) {
            const b = bytes[i];
            if (b === 0x25 && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                out[o++] = parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16);
                i += 2;
            } else {
                out[o++] = b;
            }
        }
        return out.subarray(0, o);
    }

    /* UTF-8 decode without BOM handling, with replacement characters. */
    const utf8DecodeNoBOM = (bytes) => textDecode(bytes, false, false);

    /* USVString conversion: lone surrogates become U+FFFD. */
    function toUSV(value) {
        const s = String(value);
        if (typeof s.toWellFormed === 'function')
            return s.toWellFormed();
        return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g,
                         (m, before) => before === undefined ? '\ufffd' :
                             (m.length === 2 ? before + '\ufffd' : '\ufffd'));
    }

    /* ---- hosts ---- */

    const forbiddenHost = inString('\0\t\n\r #/:<>?@[\\]^|');
    const forbiddenDomain = (c) => forbiddenHost(c) || c <= 0x1f || c === 0x25 || c === 0x7f;

    function parseIPv4Number(s) {
        if (s === '')
            return FAILURE;
        let radix = 10;
        if (s.length >= 2 && (s.startsWith('0x') || s.startsWith('0X'))) {
            s = s.slice(2);
            radix = 16;
        } else if (s.length >= 2 && s[0] === '0') {
            s = s.slice(1);
            radix = 8;
        }
        if (s === '')
            return 0;
        const valid = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
        if (!valid.test(s))
            return FAILURE;
        /* Exact for any length: BigInt, then capped (anything this big fails anyway). */
        const n = BigInt((radix === 16 ? '0x' : radix === 8 ? '0o' : '') + s);
        return n > 2n ** 40n ? Infinity : Number(n);
    }

    function endsInANumber(input) {
        const parts = input.split('.');
        if (parts[parts.length - 1] === '') {
            if (parts.length === 1)
                return false;
            parts.pop();
        }
        const last = parts[parts.length - 1];
        if (last !== '' && /^[0-9]+$/.test(last))
            return true;
        return parseIPv4Number(last) !== FAILURE;
    }

    function parseIPv4(input) {
        const parts = input.split('.');
        if (parts[parts.length - 1] === '' && parts.length > 1)
            parts.pop();
        if (parts.length > 4)
            return FAILURE;
        const numbers = [];
        for (const part of parts) {
            const n = parseIPv4Number(part);
            if (n === FAILURE)
                return FAILURE;
            numbers.push(n);
        }
        for (let i = 0; i < numbers.length - 1; i++)
            if (numbers[i] > 255)
                return FAILURE;
        if (numbers[numbers.length - 1] >= 256 ** (5 - numbers.length))
            return FAILURE;
        let ipv4 = numbers[numbers.length - 1];
        for (let i = 0; i < numbers.length - 1; i++)
            ipv4 += numbers[i] * 256 ** (3 - i);
        const out = [];
        for (let i = 0; i < 4; i++) {
            out.unshift(String(ipv4 % 256));
            ipv4 = Math.floor(ipv4 / 256);
        }
        return out.join('.');
    }

    function parseIPv6(input) {
        const address = [0, 0, 0, 0, 0, 0, 0, 0];
        let pieceIndex = 0, compress = null, p = 0;
        const cs = Array.from(input);
        const hexValue = (ch) => ch !== undefined && /^[0-9a-fA-F]$/.test(ch) ?
            parseInt(ch, 16) : -1;
        const isDigit = (ch) => ch !== undefined && ch >= '0' && ch <= '9';
        if (cs[p] === ':') {
            if (cs[p + 1] !== ':')
                return FAILURE;
            p += 2;
            compress = ++pieceIndex;
        }
        while (cs[p] !== undefined) {
            if (pieceIndex === 8)
                return FAILURE;
            if (cs[p] === ':') {
                if (compress !== null)
                    return FAILURE;
                p++;
                compress = ++pieceIndex;
                continue;
            }
            let value = 0, length = 0;
            while (length < 4 && hexValue(cs[p]) >= 0) {
                value = value * 16 + hexValue(cs[p]);
                p++;
                length++;
            }
            if (cs[p] === '.') {
                if (length === 0)
                    return FAILURE;
                p -= length;
                if (pieceIndex > 6)
                    return FAILURE;
                let numbersSeen = 0;
                while (cs[p] !== undefined) {
                    let ipv4Piece = null;
                    if (numbersSeen > 0) {
                        if (cs[p] === '.' && numbersSeen < 4)
                            p++;
                        else
                            return FAILURE;
                    }
                    if (!isDigit(cs[p]))
                        return FAILURE;
                    while (isDigit(cs[p])) {
                        const number = cs[p].charCodeAt(0) - 0x30;
                        if (ipv4Piece === null)
                            ipv4Piece = number;
                        else if (ipv4Piece === 0)
                            return FAILURE;
                        else
                            ipv4Piece = ipv4Piece * 10 + number;
                        if (ipv4Piece > 255)
                            return FAILURE;
                        p++;
                    }
                    address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
                    numbersSeen++;
                    if (numbersSeen === 2 || numbersSeen === 4)
                        pieceIndex++;
                }
                if (numbersSeen !== 4)
                    return FAILURE;
                break;
            } else if (cs[p] === ':') {
                p++;
                if (cs[p] === undefined)
                    return FAILURE;
            } else if (cs[p] !== undefined) {
                return FAILURE;
            }
            address[pieceIndex++] = value;
        }
        if (compress !== null) {
            let swaps = pieceIndex - compress;
            pieceIndex = 7;
            while (pieceIndex !== 0 && swaps > 0) {
                const t = address[pieceIndex];
                address[pieceIndex] = address[compress + swaps - 1];
                address[compress + swaps - 1] = t;
                pieceIndex--;
                swaps--;
            }
        } else if (pieceIndex !== 8) {
            return FAILURE;
        }
        return address;
    }

    function serializeIPv6(address) {
        /* The first longest run of two or more zero pieces is compressed to "::". */
        let best = -1, bestLen = 1;
        for (let i = 0; i < 8;) {
            let j = i;
            while (j < 8 && address[j] === 0)
                j++;
            if (j - i > bestLen) {
                best = i;
                bestLen = j - i;
            }
            i = j === i ? i + 1 : j;
        }
        let out = '';
        for (let i = 0; i < 8; i++) {
            if (i === best) {
                out += i === 0 ? '::' : ':';
                i += bestLen - 1;
                continue;
            }
            out += address[i].toString(16);
            if (i !== 7)
                out += ':';
        }
        return out;
    }

    /* ---- IDNA (best effort) ---- */

    const PUNY_BASE = 36, PUNY_TMIN = 1, PUNY_TMAX = 26, PUNY_SKEW = 38, PUNY_DAMP = 700;

    function punyAdapt(delta, numPoints, first) {
        delta = first ? Math.floor(delta / PUNY_DAMP) : delta >> 1;
        delta += Math.floor(delta / numPoints);
        let k = 0;
        while (delta > ((PUNY_BASE - PUNY_TMIN) * PUNY_TMAX) >> 1) {
            delta = Math.floor(delta / (PUNY_BASE - PUNY_TMIN));
            k += PUNY_BASE;
        }
        return k + Math.floor((PUNY_BASE - PUNY_TMIN + 1) * delta / (delta + PUNY_SKEW));
    }

    const punyDigit = (d) => String.fromCharCode(d < 26 ? d + 97 : d + 22);

    /* RFC 3492 encoding of a label's code points. */
    function punycodeEncode(label) {
        const cps = Array.from(label, (ch) => ch.codePointAt(0));
        let out = cps.filter((c) => c < 0x80).map((c) => String.fromCharCode(c)).join('');
        const basic = out.length;
        let handled = basic;
        if (basic > 0)
            out += '-';
        let n = 128, delta = 0, bias = 72;
        while (handled < cps.length) {
            let m = Infinity;
            for (const c of cps)
                if (c >= n && c < m)
                    m = c;
            delta += (m - n) * (handled + 1);
            n = m;
            for (const c of cps) {
                if (c < n)
                    delta++;
                if (c === n) {
                    let q = delta;
                    for (let k = PUNY_BASE; ; k += PUNY_BASE) {
                        const t = k <= bias ? PUNY_TMIN : k >= bias + PUNY_TMAX ? PUNY_TMAX :
                            k - bias;
                        if (q < t)
                            break;
                        out += punyDigit(t + (q - t) % (PUNY_BASE - t));
                        q = Math.floor((q - t) / (PUNY_BASE - t));
                    }
                    out += punyDigit(q);
                    bias = punyAdapt(delta, handled + 1, handled === basic);
                    delta = 0;
                    handled++;
                }
            }
            delta++;
            n++;
        }
        return out;
    }

    /* RFC 3492 decoding; FAILURE if the input is not valid Punycode. */
    function punycodeDecode(input) {
        const dash = input.lastIndexOf('-');
        const out = [];
        for (let j = 0; j < (dash > 0 ? dash : 0); j++) {
            if (input.charCodeAt(j) >= 0x80)
                return FAILURE;
            out.push(input.charCodeAt(j));
        }
        let n = 128, i = 0, bias = 72;
        for (let p = dash > 0 ? dash + 1 : 0; p < input.length;) {
            const oldi = i;
            let w = 1;
            for (let k = PUNY_BASE; ; k += PUNY_BASE) {
                if (p >= input.length)
                    return FAILURE;
                const c = input.charCodeAt(p++);
                const digit = c >= 0x30 && c <= 0x39 ? c - 22 : c >= 0x41 && c <= 0x5a ?
                    c - 0x41 : c >= 0x61 && c <= 0x7a ? c - 0x61 : -1;
                if (digit < 0)
                    return FAILURE;
                i += digit * w;
                const t = k <= bias ? PUNY_TMIN : k >= bias + PUNY_TMAX ? PUNY_TMAX : k - bias;
                if (digit < t)
                    break;
                w *= PUNY_BASE - t;
                if (i > 0x10ffff * 64)
                    return FAILURE;
            }
            bias = punyAdapt(i - oldi, out.length + 1, oldi === 0);
            n += Math.floor(i / (out.length + 1));
            i %= out.length + 1;
            if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff))
                return FAILURE;
            out.splice(i++, 0, n);
        }
        return String.fromCodePoint(...out);
    }

    /* UTS #46 ToASCII, approximated: the mapping step is NFKC plus lowercasing (which covers
     * full-width forms and case) with the ideographic full stops mapped to '.' and the
     * default-ignorable soft hyphen and zero-width characters removed; non-ASCII labels become
     * xn-- labels; xn-- labels must be valid Punycode. Not done: the full mapping and
     * disallowed-code-point tables, the Bidi and ContextJ rules. */
    function domainToASCII(domain) {
        let mapped = domain;
        if (/[^\x00-\x7f]/.test(mapped)) {
            mapped = mapped.replace(/[\u00ad\u200b\u2060\ufeff\u034f\u180b-\u180d\ufe00-\ufe0f]/g,
                                    '')
                .replace(/[\u3002\uff0e\uff61]/g, '.')
                .normalize('NFKC').toLowerCase().normalize('NFC');
        } else {
            mapped = mapped.toLowerCase();
        }
        const labels = mapped.split('.');
        for (let i = 0; i < labels.length; i++) {
            const label = labels[i];
            if (label.startsWith('xn--')) {
                const decoded = punycodeDecode(label.slice(4));
                if (decoded === FAILURE || decoded === '' || !/[^\x00-\x7f]/.test(decoded) ||
                    decoded.normalize('NFC') !== decoded)
                    return FAILURE;
                if (/[^\x00-\x7f]/.test(decoded) &&
                    decoded.toLowerCase().normalize('NFKC') !== decoded)
                    return FAILURE;
            } else if (/[^\x00-\x7f]/.test(label)) {
                if (/[\ufffd\u0000-\u001f\ufdd0-\ufdef\ufffe\uffff]/.test(label) ||
                    /[\ud800-\udbff][\udffe\udfff]/.test(label))
                    return FAILURE;
                labels[i] = 'xn--' + punycodeEncode(label);
            }
        }
        const out = labels.join('.');
        return out === '' ? FAILURE : out;
    }

    function parseOpaqueHost(input) {
        for (const ch of input)
            if (ch !== '%' && forbiddenHost(ch.codePointAt(0)))
                return FAILURE;
        return percentEncodeString(input, c0Set);
    }

    function parseHost(input, isOpaque) {
        if (input.startsWith('[')) {
            if (!input.endsWith(']'))
                return FAILURE;
            const address = parseIPv6(input.slice(1, -1));
            return address === FAILURE ? FAILURE : '[' + serializeIPv6(address) + ']';
        }
        if (isOpaque)
            return parseOpaqueHost(input);
        const domain = utf8DecodeNoBOM(percentDecodeBytes(input));
        const asciiDomain = domainToASCII(domain);
        if (asciiDomain === FAILURE)
            return FAILURE;
        for (const ch of asciiDomain)
            if (forbiddenDomain(ch.codePointAt(0)))
                return FAILURE;
        if (endsInANumber(asciiDomain))
            return parseIPv4(asciiDomain);
        return asciiDomain;
    }

    /* ---- the basic URL parser ---- */

    const S = {
        SCHEME_START: 1, SCHEME: 2, NO_SCHEME: 3, SPECIAL_RELATIVE_OR_AUTHORITY: 4,
        PATH_OR_AUTHORITY: 5, RELATIVE: 6, RELATIVE_SLASH: 7, SPECIAL_AUTHORITY_SLASHES: 8,
        SPECIAL_AUTHORITY_IGNORE_SLASHES: 9, AUTHORITY: 10, HOST: 11, HOSTNAME: 12, PORT: 13,
        FILE: 14, FILE_SLASH: 15, FILE_HOST: 16, PATH_START: 17, PATH: 18, OPAQUE_PATH: 19,
        QUERY: 20, FRAGMENT: 21,
    };

    const newRecord = () => ({scheme: '', username: '', password: '', host: null, port: null,
                              path: [], query: null, fragment: null});
    const copyRecord = (u) => ({...u, path: typeof u.path === 'string' ? u.path : u.path.slice()});
    const hasOpaquePath = (u) => typeof u.path === 'string';
    const includesCredentials = (u) => u.username !== '' || u.password !== '';

    const isAlpha = (c) => c !== undefined && /^[A-Za-z]$/.test(c);
    const isWindowsDriveLetter = (s) => s.length === 2 && isAlpha(s[0]) &&
        (s[1] === ':' || s[1] === '|');
    const isNormalizedWindowsDriveLetter = (s) => s.length === 2 && isAlpha(s[0]) && s[1] === ':';
    function startsWithWindowsDriveLetter(cps, p) {
        return cps.length - p >= 2 && isWindowsDriveLetter(cps[p] + cps[p + 1]) &&
            (cps.length - p === 2 || '/\\?#'.includes(cps[p + 2]));
    }
    const isSingleDot = (s) => s === '.' || s.toLowerCase() === '%2e';
    const isDoubleDot = (s) => {
        const l = s.toLowerCase();
        return l === '..' || l === '.%2e' || l === '%2e.' || l === '%2e%2e';
    };

    function shortenPath(url) {
        const path = url.path;
        if (url.scheme === 'file' && path.length === 1 && isNormalizedWindowsDriveLetter(path[0]))
            return;
        path.pop();
    }

    function stripTrailingSpacesFromOpaquePath(url) {
        if (!hasOpaquePath(url) || url.fragment !== null || url.query !== null)
            return;
        url.path = url.path.replace(/ +$/, '');
    }

    /* Returns the URL record, or FAILURE. With stateOverride, url is changed in place (the
     * setters pass a copy and keep it unless FAILURE comes back). */
    function basicParse(input, base, url, stateOverride) {
        if (!url) {
            url = newRecord();
            input = input.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
        }
        input = input.replace(/[\t\n\r]/g, '');
        let state = stateOverride || S.SCHEME_START;
        let buffer = '';
        let atSignSeen = false, insideBrackets = false, passwordTokenSeen = false;
        const cps = Array.from(input);
        let p = 0;
        for (;;) {
            const c = cps[p]; /* undefined: EOF */
            const special = isSpecialScheme(url.scheme);
            switch (state) {
            case S.SCHEME_START:
                if (isAlpha(c)) {
                    buffer += c.toLowerCase();
                    state = S.SCHEME;
                } else if (!stateOverride) {
                    state = S.NO_SCHEME;
                    p--;
                } else {
                    return FAILURE;
                }
                break;
            case S.SCHEME:
                if (c !== undefined && /^[A-Za-z0-9+\-.]$/.test(c)) {
                    buffer += c.toLowerCase();
                } else if (c === ':') {
                    if (stateOverride) {
                        if (isSpecialScheme(url.scheme) !== isSpecialScheme(buffer))
                            return url;
                        if ((includesCredentials(url) || url.port !== null) && buffer === 'file')
                            return url;
                        if (url.scheme === 'file' && url.host === '')
                            return url;
                    }
                    url.scheme = buffer;
                    if (stateOverride) {
                        if (url.port === defaultPort(url.scheme))
                            url.port = null;
                        return url;
                    }
                    buffer = '';
                    if (url.scheme === 'file') {
                        state = S.FILE;
                    } else if (isSpecialScheme(url.scheme) && base &&
                               base.scheme === url.scheme) {
                        state = S.SPECIAL_RELATIVE_OR_AUTHORITY;
                    } else if (isSpecialScheme(url.scheme)) {
                        state = S.SPECIAL_AUTHORITY_SLASHES;
                    } else if (cps[p + 1] === '/') {
                        state = S.PATH_OR_AUTHORITY;
                        p++;
                    } else {
                        url.path = '';
                        state = S.OPAQUE_PATH;
                    }
                } else if (!stateOverride) {
                    buffer = '';
                    state = S.NO_SCHEME;
                    p = -1;
                } else {
                    return FAILURE;
                }
                break;
            case S.NO_SCHEME:
                if (!base || (hasOpaquePath(base) && c !== '#')) {
                    return FAILURE;
                } else if (hasOpaquePath(base) && c === '#') {
                    url.scheme = base.scheme;
                    url.path = base.path;
                    url.query = base.query;
                    url.fragment = '';
                    state = S.FRAGMENT;
                } else if (base.scheme !== 'file') {
                    state = S.RELATIVE;
                    p--;
                } else {
                    state = S.FILE;
                    p--;
                }
                break;
            case S.SPECIAL_RELATIVE_OR_AUTHORITY:
                if (c === '/' && cps[p + 1] === '/') {
                    state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                    p++;
                } else {
                    state = S.RELATIVE;
                    p--;
                }
                break;
            case S.PATH_OR_AUTHORITY:
                if (c === '/') {
                    state = S.AUTHORITY;
                } else {
                    state = S.PATH;
                    p--;
                }
                break;
            case S.RELATIVE:
                url.scheme = base.scheme;
                if (c === '/' || (isSpecialScheme(url.scheme) && c === '\\')) {
                    state = S.RELATIVE_SLASH;
                } else {
                    url.username = base.username;
                    url.password = base.password;
                    url.host = base.host;
                    url.port = base.port;
                    url.path = base.path.slice();
                    url.query = base.query;
                    if (c === '?') {
                        url.query = '';
                        state = S.QUERY;
                    } else if (c === '#') {
                        url.fragment = '';
                        state = S.FRAGMENT;
                    } else if (c !== undefined) {
                        url.query = null;
                        shortenPath(url);
                        state = S.PATH;
                        p--;
                    }
                }
                break;
            case S.RELATIVE_SLASH:
                if (special && (c === '/' || c === '\\')) {
                    state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                } else if (c === '/') {
                    state = S.AUTHORITY;
                } else {
                    url.username = base.username;
                    url.password = base.password;
                    url.host = base.host;
                    url.port = base.port;
                    state = S.PATH;
                    p--;
                }
                break;
            case S.SPECIAL_AUTHORITY_SLASHES:
                if (c === '/' && cps[p + 1] === '/') {
                    state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                    p++;
                } else {
                    state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                    p--;
                }
                break;
            case S.SPECIAL_AUTHORITY_IGNORE_SLASHES:
                if (c !== '/' && c !== '\\') {
                    state = S.AUTHORITY;
                    p--;
                }
                break;
            case S.AUTHORITY:
                if (c === '@') {
                    if (atSignSeen)
                        buffer = '%40' + buffer;
                    atSignSeen = true;
                    for (const ch of buffer) {
                        if (ch === ':' && !passwordTokenSeen) {
                            passwordTokenSeen = true;
                            continue;
                        }
                        const enc = encodeCodePoint(ch, userinfoSet);
                        if (passwordTokenSeen)
                            url.password += enc;
                        else
                            url.username += enc;
                    }
                    buffer = '';
                } else if (c === undefined || c === '/' || c === '?' || c === '#' ||
                           (special && c === '\\')) {
                    if (atSignSeen && buffer === '')
                        return FAILURE;
                    p -= Array.from(buffer).length + 1;
                    buffer = '';
                    state = S.HOST;
                } else {
                    buffer += c;
                }
                break;
            case S.HOST:
            case S.HOSTNAME:
                if (stateOverride && url.scheme === 'file') {
                    p--;
                    state = S.FILE_HOST;
                } else if (c === ':' && !insideBrackets) {
                    if (buffer === '')
                        return FAILURE;
                    if (stateOverride === S.HOSTNAME)
                        return FAILURE;
                    const host = parseHost(buffer, !special);
                    if (host === FAILURE)
                        return FAILURE;
                    url.host = host;
                    buffer = '';
                    state = S.PORT;
                } else if (c === undefined || c === '/' || c === '?' || c === '#' ||
                           (special && c === '\\')) {
                    p--;
                    if (special && buffer === '')
                        return FAILURE;
                    if (stateOverride && buffer === '' &&
                        (includesCredentials(url) || url.port !== null))
                        return FAILURE;
                    const host = parseHost(buffer, !special);
                    if (host === FAILURE)
                        return FAILURE;
                    url.host = host;
                    buffer = '';
                    state = S.PATH_START;
                    if (stateOverride)
                        return url;
                } else {
                    if (c === '[')
                        insideBrackets = true;
                    if (c === ']')
                        insideBrackets = false;
                    buffer += c;
                }
                break;
            case S.PORT:
                if (c !== undefined && c >= '0' && c <= '9') {
                    buffer += c;
                } else if (c === undefined || c === '/' || c === '?' || c === '#' ||
                           (special && c === '\\') || stateOverride) {
                    if (buffer !== '') {
                        const port = Number(buffer);
                        if (port > 65535)
                            return FAILURE;
                        url.port = port === defaultPort(url.scheme) ? null : port;
                        buffer = '';
                        if (stateOverride)
                            return url;
                    }
                    if (stateOverride)
                        return FAILURE;
                    state = S.PATH_START;
                    p--;
                } else {
                    return FAILURE;
                }
                break;
            case S.FILE:
                url.scheme = 'file';
                url.host = '';
                if (c === '/' || c === '\\') {
                    state = S.FILE_SLASH;
                } else if (base && base.scheme === 'file') {
                    url.host = base.host;
                    url.path = base.path.slice();
                    url.query = base.query;
                    if (c === '?') {
                        url.query = '';
                        state = S.QUERY;
                    } else if (c === '#') {
                        url.fragment = '';
                        state = S.FRAGMENT;
                    } else if (c !== undefined) {
                        url.query = null;
                        if (!startsWithWindowsDriveLetter(cps, p))
                            shortenPath(url);
                        else
                            url.path = [];
                        state = S.PATH;
                        p--;
                    }
                } else {
                    state = S.PATH;
                    p--;
                }
                break;
            case S.FILE_SLASH:
                if (c === '/' || c === '\\') {
                    state = S.FILE_HOST;
                } else {
                    if (base && base.scheme === 'file') {
                        url.host = base.host;
                        if (!startsWithWindowsDriveLetter(cps, p) &&
                            isNormalizedWindowsDriveLetter(base.path[0] || ''))
                            url.path.push(base.path[0]);
                    }
                    state = S.PATH;
                    p--;
                }
                break;
            case S.FILE_HOST:
                if (c === undefined || c === '/' || c === '\\' || c === '?' || c === '#') {
                    p--;
                    if (!stateOverride && isWindowsDriveLetter(buffer)) {
                        state = S.PATH;
                    } else if (buffer === '') {
                        url.host = '';
                        if (stateOverride)
                            return url;
                        state = S.PATH_START;
                    } else {
                        let host = parseHost(buffer, !special);
                        if (host === FAILURE)
                            return FAILURE;
                        if (host === 'localhost')
                            host = '';
                        url.host = host;
                        if (stateOverride)
                            return url;
                        buffer = '';
                        state = S.PATH_START;
                    }
                } else {
                    buffer += c;
                }
                break;
            case S.PATH_START:
                if (special) {
                    state = S.PATH;
                    if (c !== '/' && c !== '\\')
                        p--;
                } else if (!stateOverride && c === '?') {
                    url.query = '';
                    state = S.QUERY;
                } else if (!stateOverride && c === '#') {
                    url.fragment = '';
                    state = S.FRAGMENT;
                } else if (c !== undefined) {
                    state = S.PATH;
                    if (c !== '/')
                        p--;
                } else if (stateOverride && url.host === null) {
                    url.path.push('');
                }
                break;
            case S.PATH:
                if (c === undefined || c === '/' || (special && c === '\\') ||
                    (!stateOverride && (c === '?' || c === '#'))) {
                    const slash = c === '/' || (special && c === '\\');
                    if (isDoubleDot(buffer)) {
                        shortenPath(url);
                        if (!slash)
                            url.path.push('');
                    } else if (isSingleDot(buffer) && !slash) {
                        url.path.push('');
                    } else if (!isSingleDot(buffer)) {
                        if (url.scheme === 'file' && url.path.length === 0 &&
                            isWindowsDriveLetter(buffer))
                            buffer = buffer[0] + ':';
                        url.path.push(buffer);
                    }
                    buffer = '';
                    if (c === '?') {
                        url.query = '';
                        state = S.QUERY;
                    }
                    if (c === '#') {
                        url.fragment = '';
                        state = S.FRAGMENT;
                    }
                } else {
                    buffer += encodeCodePoint(c, pathSet);
                }
                break;
            case S.OPAQUE_PATH:
                if (c === '?') {
                    url.query = '';
                    state = S.QUERY;
                } else if (c === '#') {
                    url.fragment = '';
                    state = S.FRAGMENT;
                } else if (c !== undefined) {
                    url.path += encodeCodePoint(c, c0Set);
                }
                break;
            case S.QUERY:
                if ((!stateOverride && c === '#') || c === undefined) {
                    url.query += percentEncodeString(buffer, special ? specialQuerySet :
                        querySet);
                    buffer = '';
                    if (c === '#') {
                        url.fragment = '';
                        state = S.FRAGMENT;
                    }
                } else {
                    buffer += c;
                }
                break;
            case S.FRAGMENT:
                if (c !== undefined)
                    url.fragment += encodeCodePoint(c, fragmentSet);
                break;
            }
            if (p >= cps.length)
                break;
            p++;
        }
        return url;
    }

    function serializePath(url) {
        return hasOpaquePath(url) ? url.path : url.path.map((s) => '/' + s).join('');
    }

    function serializeURL(url, excludeFragment = false) {
        let out = url.scheme + ':';
        if (url.host !== null) {
            out += '//';
            if (includesCredentials(url)) {
                out += url.username;
                if (url.password !== '')
                    out += ':' + url.password;
                out += '@';
            }
            out += url.host;
            if (url.port !== null)
                out += ':' + url.port;
        }
        if (url.host === null && !hasOpaquePath(url) && url.path.length > 1 && url.path[0] === '')
            out += '/.';
        out += serializePath(url);
        if (url.query !== null)
            out += '?' + url.query;
        if (!excludeFragment && url.fragment !== null)
            out += '#' + url.fragment;
        return out;
    }

    function serializeOrigin(url) {
        switch (url.scheme) {
        case 'blob': {
            const inner = basicParse(serializePath(url));
            return inner !== FAILURE && (inner.scheme === 'http' || inner.scheme === 'https') ?
                serializeOrigin(inner) : 'null';
        }
        case 'ftp': case 'http': case 'https': case 'ws': case 'wss':
            return url.scheme + '://' + url.host + (url.port !== null ? ':' + url.port : '');
        default:
            return 'null';
        }
    }

    /* ---- application/x-www-form-urlencoded ---- */

    function formDecode(s) {
        return utf8DecodeNoBOM(percentDecodeBytes(s.replace(/\+/g, ' ')));
    }

    function parseForm(input) {
        const list = [];
        for (const sequence of input.split('&')) {
            if (sequence === '')
                continue;
            const eq = sequence.indexOf('=');
            const name = eq >= 0 ? sequence.slice(0, eq) : sequence;
            const value = eq >= 0 ? sequence.slice(eq + 1) : '';
            list.push([formDecode(name), formDecode(value)]);
        }
        return list;
    }

    function serializeForm(list) {
        return list.map(([name, value]) => percentEncodeString(name, formSet, true) + '=' +
                                           percentEncodeString(value, formSet, true)).join('&');
    }

    /* ---- URLSearchParams ---- */

    /* params -> {list: [[name, value]], url: the URL object it belongs to, or null} */
    const paramsState = new WeakMap();

    function params(self, what) {
        const s = paramsState.get(self);
        if (!s)
            throw new TypeError('URLSearchParams.prototype.' + what + ': not a URLSearchParams');
        return s;
    }

    function updateParams(s) {
        if (!s.url)
            return;
        const record = urls.get(s.url).record;
        const serialized = serializeForm(s.list);
        record.query = serialized === '' ? null : serialized;
        if (serialized === '')
            stripTrailingSpacesFromOpaquePath(record);
    }

    function needArgs(n, given, what) {
        if (given < n)
            throw new TypeError('URLSearchParams.prototype.' + what + ': expected ' + n +
                                ' argument' + (n > 1 ? 's' : ''));
    }

    class URLSearchParams {
        constructor(init = '') {
            const s = {list: [], url: null};
            paramsState.set(this, s);
            if (init !== null && (typeof init === 'object' || typeof init === 'function')) {
                if (typeof init[Symbol.iterator] === 'function') {
                    for (const pair of init) {
                        if (pair === null || (typeof pair !== 'object' &&
                                              typeof pair !== 'function') ||
                            typeof pair[Symbol.iterator] !== 'function')
                            throw new TypeError('URLSearchParams: each pair must be a sequence');
                        const items = Array.from(pair);
                        if (items.length !== 2)
                            throw new TypeError('URLSearchParams: each pair must have exactly ' +
                                                'two items, got ' + items.length);
                        s.list.push([toUSV(items[0]), toUSV(items[1])]);
                    }
                } else {
                    for (const key of Reflect.ownKeys(init)) {
                        const desc = Reflect.getOwnPropertyDescriptor(init, key);
                        if (desc === undefined || !desc.enumerable)
                            continue;
                        if (typeof key === 'symbol')
                            throw new TypeError('URLSearchParams: a record key cannot be a ' +
                                                'symbol');
                        s.list.push([toUSV(key), toUSV(init[key])]);
                    }
                }
            } else {
                let text = toUSV(init);
                if (text.startsWith('?'))
                    text = text.slice(1);
                s.list = parseForm(text);
            }
        }

        get size() {
            return params(this, 'size').list.length;
        }

        append(name, value) {
            const s = params(this, 'append');
            needArgs(2, arguments.length, 'append');
            s.list.push([toUSV(name), toUSV(value)]);
            updateParams(s);
        }

        delete(name, value = undefined) {
            const s = params(this, 'delete');
            needArgs(1, arguments.length, 'delete');
            name = toUSV(name);
            if (value === undefined) {
                s.list = s.list.filter((p) => p[0] !== name);
            } else {
                value = toUSV(value);
                s.list = s.list.filter((p) => p[0] !== name || p[1] !== value);
            }
            updateParams(s);
        }

        get(name) {
            const s = params(this, 'get');
            needArgs(1, arguments.length, 'get');
            name = toUSV(name);
            const pair = s.list.find((p) => p[0] === name);
            return pair ? pair[1] : null;
        }

        getAll(name) {
            const s = params(this, 'getAll');
            needArgs(1, arguments.length, 'getAll');
            name = toUSV(name);
            return s.list.filter((p) => p[0] === name).map((p) => p[1]);
        }

        has(name, value = undefined) {
            const s = params(this, 'has');
            needArgs(1, arguments.length, 'has');
            name = toUSV(name);
            if (value === undefined)
                return s.list.some((p) => p[0] === name);
            value = toUSV(value);
            return s.list.some((p) => p[0] === name && p[1] === value);
        }

        set(name, value) {
            const s = params(this, 'set');
            needArgs(2, arguments.length, 'set');
            name = toUSV(name);
            value = toUSV(value);
            const i = s.list.findIndex((p) => p[0] === name);
            if (i < 0) {
                s.list.push([name, value]);
            } else {
                s.list[i][1] = value;
                s.list = s.list.filter((p, j) => j <= i || p[0] !== name);
            }
            updateParams(s);
        }

        /* Stable, by code units of the names. */
        sort() {
            const s = params(this, 'sort');
            s.list.sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
            updateParams(s);
        }

        forEach(callback, thisArg = undefined) {
            const s = params(this, 'forEach');
            if (typeof callback !== 'function')
                throw new TypeError('URLSearchParams.prototype.forEach: the callback must be a ' +
                                    'function');
            for (let i = 0; i < s.list.length; i++)
                callback.call(thisArg, s.list[i][1], s.list[i][0], this);
        }

        keys() {
            return makeIterator(params(this, 'keys'), 'key');
        }

        values() {
            return makeIterator(params(this, 'values'), 'value');
        }

        entries() {
            return makeIterator(params(this, 'entries'), 'key+value');
        }

        toString() {
            return serializeForm(params(this, 'toString').list);
        }
    }
    URLSearchParams.prototype[Symbol.iterator] = URLSearchParams.prototype.entries;

    /* Live iterators, as Web IDL's pair iterators: they see changes made while iterating. */
    const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
    const ParamsIteratorPrototype = Object.create(IteratorPrototype, {
        next: {
            value: function next() {
                const it = iterators.get(this);
                if (!it)
                    throw new TypeError('next: not a URLSearchParams iterator');
                if (it.index >= it.state.list.length)
                    return {value: undefined, done: true};
                const [name, value] = it.state.list[it.index++];
                return {value: it.kind === 'key' ? name : it.kind === 'value' ? value :
                    [name, value], done: false};
            },
            writable: true, enumerable: true, configurable: true,
        },
        [Symbol.toStringTag]: {value: 'URLSearchParams Iterator', configurable: true},
    });
    const iterators = new WeakMap();
    function makeIterator(state, kind) {
        const it = Object.create(ParamsIteratorPrototype);
        iterators.set(it, {state, kind, index: 0});
        return it;
    }

    /* ---- URL ---- */

    /* url -> {record, searchParams: made on first use} */
    const urls = new WeakMap();

    function urlState(self, what) {
        const s = urls.get(self);
        if (!s)
            throw new TypeError('URL.prototype.' + what + ': not a URL');
        return s;
    }

    /* The record of a URL that is already its own serialization, as the parser would make it,
     * read off the positions internal.urlSplit finds in C; undefined for any other input, which
     * takes the state machine. Request URLs nearly always come this way. */
    function parseSerialized(input) {
        const split = urlSplit(input);
        if (split === undefined)
            return undefined;
        const [schemeEnd, hostEnd, pathStart, pathEnd, queryEnd, port] = split;
        return {scheme: input.slice(0, schemeEnd), username: '', password: '',
                host: input.slice(schemeEnd + 3, hostEnd), port,
                path: input.slice(pathStart + 1, pathEnd).split('/'),
                query: pathEnd < queryEnd ? input.slice(pathEnd + 1, queryEnd) : null,
                fragment: queryEnd < input.length ? input.slice(queryEnd + 1) : null};
    }

    function parseWithBase(url, base) {
        let baseRecord = null;
        if (base !== undefined) {
            const baseInput = toUSV(base);
            baseRecord = parseSerialized(baseInput) ?? basicParse(baseInput);
            if (baseRecord === FAILURE)
                return FAILURE;
        }
        const input = toUSV(url);
        return parseSerialized(input) ?? basicParse(input, baseRecord);
    }

    /* Runs a setter's parse on a copy; keeps it unless the parse failed. */
    function applySetter(s, input, state) {
        const copy = copyRecord(s.record);
        if (basicParse(input, null, copy, state) !== FAILURE)
            s.record = copy;
    }

    /* A URL's query changed: its URLSearchParams (if made yet) gets the new list. */
    function updateSearchParams(s, query) {
        if (s.searchParams !== null)
            paramsState.get(s.searchParams).list = parseForm(query);
    }

    const cannotHaveCredentialsOrPort = (r) => r.host === null || r.host === '' ||
        r.scheme === 'file';

    class URL {
        constructor(url, base = undefined) {
            if (arguments.length < 1)
                throw new TypeError('URL: expected a URL argument');
            const record = parseWithBase(url, base);
            if (record === FAILURE)
                throw new TypeError("URL: invalid URL '" + String(url) + "'" +
                                    (base !== undefined ? " with base '" + String(base) + "'" :
                                        ''));
            urls.set(this, {record, searchParams: null});
        }

        static canParse(url, base = undefined) {
            if (arguments.length < 1)
                throw new TypeError('URL.canParse: expected a URL argument');
            return parseWithBase(url, base) !== FAILURE;
        }

        static parse(url, base = undefined) {
            if (arguments.length < 1)
                throw new TypeError('URL.parse: expected a URL argument');
            try {
                return new URL(url, base);
            } catch (e) {
                return null;
            }
        }

        get href() {
            return serializeURL(urlState(this, 'href').record);
        }

        set href(value) {
            const s = urlState(this, 'href');
            const record = basicParse(toUSV(value));
            if (record === FAILURE)
                throw new TypeError("URL: invalid URL '" + String(value) + "'");
            s.record = record;
            updateSearchParams(s, record.query || '');
        }

        get origin() {
            return serializeOrigin(urlState(this, 'origin').record);
        }

        get protocol() {
            return urlState(this, 'protocol').record.scheme + ':';
        }

        set protocol(value) {
            applySetter(urlState(this, 'protocol'), toUSV(value) + ':', S.SCHEME_START);
        }

        get username() {
            return urlState(this, 'username').record.username;
        }

        set username(value) {
            const s = urlState(this, 'username');
            if (!cannotHaveCredentialsOrPort(s.record))
                s.record.username = percentEncodeString(toUSV(value), userinfoSet);
        }

        get password() {
            return urlState(this, 'password').record.password;
        }

        set password(value) {
            const s = urlState(this, 'password');
            if (!cannotHaveCredentialsOrPort(s.record))
                s.record.password = percentEncodeString(toUSV(value), userinfoSet);
        }

        get host() {
            const r = urlState(this, 'host').record;
            if (r.host === null)
                return '';
            return r.port === null ? r.host : r.host + ':' + r.port;
        }

        set host(value) {
            const s = urlState(this, 'host');
            if (!hasOpaquePath(s.record))
                applySetter(s, toUSV(value), S.HOST);
        }

        get hostname() {
            const r = urlState(this, 'hostname').record;
            return r.host === null ? '' : r.host;
        }

        set hostname(value) {
            const s = urlState(this, 'hostname');
            if (!hasOpaquePath(s.record))
                applySetter(s, toUSV(value), S.HOSTNAME);
        }

        get port() {
            const r = urlState(this, 'port').record;
            return r.port === null ? '' : String(r.port);
        }

        set port(value) {
            const s = urlState(this, 'port');
            if (cannotHaveCredentialsOrPort(s.record))
                return;
            value = toUSV(value);
            if (value === '')
                s.record.port = null;
            else
                applySetter(s, value, S.PORT);
        }

        get pathname() {
            return serializePath(urlState(this, 'pathname').record);
        }

        set pathname(value) {
            const s = urlState(this, 'pathname');
            if (hasOpaquePath(s.record))
                return;
            const copy = copyRecord(s.record);
            copy.path = [];
            if (basicParse(toUSV(value), null, copy, S.PATH_START) !== FAILURE)
                s.record = copy;
        }

        get search() {
            const q = urlState(this, 'search').record.query;
            return q === null || q === '' ? '' : '?' + q;
        }

        set search(value) {
            const s = urlState(this, 'search');
            value = toUSV(value);
            if (value === '') {
                s.record.query = null;
                updateSearchParams(s, '');
                stripTrailingSpacesFromOpaquePath(s.record);
                return;
            }
            const input = value[0] === '?' ? value.slice(1) : value;
            const copy = copyRecord(s.record);
            copy.query = '';
            if (basicParse(input, null, copy, S.QUERY) !== FAILURE)
                s.record = copy;
            updateSearchParams(s, input);
        }

        get searchParams() {
            const s = urlState(this, 'searchParams');
            if (s.searchParams === null) {
                s.searchParams = new URLSearchParams();
                const ps = paramsState.get(s.searchParams);
                ps.list = parseForm(s.record.query || '');
                ps.url = this;
            }
            return s.searchParams;
        }

        get hash() {
            const f = urlState(this, 'hash').record.fragment;
            return f === null || f === '' ? '' : '#' + f;
        }

        set hash(value) {
            const s = urlState(this, 'hash');
            value = toUSV(value);
            if (value === '') {
                s.record.fragment = null;
                stripTrailingSpacesFromOpaquePath(s.record);
                return;
            }
            const input = value[0] === '#' ? value.slice(1) : value;
            const copy = copyRecord(s.record);
            copy.fragment = '';
            if (basicParse(input, null, copy, S.FRAGMENT) !== FAILURE)
                s.record = copy;
        }

        toString() {
            return serializeURL(urlState(this, 'toString').record);
        }

        toJSON() {
            return serializeURL(urlState(this, 'toJSON').record);
        }
    }

    for (const name of ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname',
                        'port', 'pathname', 'search', 'searchParams', 'hash'])
        Object.defineProperty(URL.prototype, name, {enumerable: true});
    for (const [cls, tag] of [[URL, 'URL'], [URLSearchParams, 'URLSearchParams']])
        Object.defineProperty(cls.prototype, Symbol.toStringTag, {value: tag,
                                                                  configurable: true});

    /* For Request: the serialization of input as a URL, or null if it does not parse. */
    internal.parseURL = (input) => {
        input = toUSV(input);
        if (urlSplit(input) !== undefined)
            return input;
        const record = basicParse(input);
        return record === FAILURE ? null : serializeURL(record);
    };

    const defineInterface = (name, value) => Object.defineProperty(
        globalThis, name, {value, writable: true, enumerable: false, configurable: true});
    defineInterface('URL', URL);
    defineInterface('URLSearchParams', URLSearchParams);
})
