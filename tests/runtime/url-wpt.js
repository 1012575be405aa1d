// The web-platform-tests URL parsing cases (tests/data/wpt/url/urltestdata.json), run against
// URL. run.sh prepends `const urlTestData = <the JSON>;`. Prints each failing case and a final
// "url-wpt: PASSED of TOTAL" line; run.sh compares PASSED with its threshold.
const fields = ['href', 'protocol', 'username', 'password', 'host', 'hostname', 'port',
                'pathname', 'search', 'hash', 'origin'];
let passed = 0, total = 0, reparsed = 0;
for (const c of urlTestData) {
    if (typeof c === 'string')
        continue;
    total++;
    const label = JSON.stringify(c.input) + (c.base !== null ? ' base ' + JSON.stringify(c.base) : '');
    let url, error;
    try {
        url = c.base !== null ? new URL(c.input, c.base) : new URL(c.input);
    } catch (e) {
        error = e;
    }
    if (c.failure) {
        if (error instanceof TypeError && URL.canParse(c.input, c.base ?? undefined) === false)
            passed++;
        else
            console.log('url-wpt: FAIL ' + label + ': parsed, expected failure' +
                        (url ? ' (' + url.href + ')' : ''));
        continue;
    }
    if (!url) {
        console.log('url-wpt: FAIL ' + label + ': ' + error);
        continue;
    }
    const wrong = fields.filter((f) => f in c && url[f] !== c[f])
        .map((f) => f + ' ' + JSON.stringify(url[f]) + ' expected ' + JSON.stringify(c[f]));
    if ('searchParams' in c && url.searchParams.toString() !== c.searchParams)
        wrong.push('searchParams ' + url.searchParams + ' expected ' + c.searchParams);
    /* A special URL's href parses to the same URL again: url.js reads such a string without the
     * state machine (internal.urlSplit), so this holds that path to the full parser's results. */
    if (/^(https?|wss?|ftp):$/.test(url.protocol)) {
        const again = new URL(url.href);
        wrong.push(...fields.filter((f) => again[f] !== url[f])
            .map((f) => 'reparsed ' + f + ' ' + JSON.stringify(again[f]) + ' expected ' +
                 JSON.stringify(url[f])));
        if (again.searchParams.toString() !== url.searchParams.toString())
            wrong.push('reparsed searchParams ' + again.searchParams);
        reparsed++;
    }
    if (wrong.length === 0)
        passed++;
    else
        console.log('url-wpt: FAIL ' + label + ': ' + wrong.join('; '));
}
console.log('url-wpt: ' + reparsed + ' special URLs reparsed from their href');
console.log('url-wpt: ' + passed + ' of ' + total);
