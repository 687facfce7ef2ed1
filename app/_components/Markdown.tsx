import ReactMarkdown, { defaultUrlTransform } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/**
 * The one place markdown becomes HTML (soul.md, essence.md, history). Raw HTML is never rendered:
 * react-markdown does not parse it into elements, rehype-sanitize drops what is left (script, style,
 * event handlers, unsafe URL schemes), and the URL transform blanks javascript:/data: links.
 */
export function Markdown({ source, className = "" }: { source: string; className?: string }) {
  return (
    <div className={`markdown-body ${className}`}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeSanitize]}
        urlTransform={defaultUrlTransform}
        components={{
          // A document shown inside a page sits under the page's own h1 and its section's h2: its headings start at h3
          // (they keep their look), so a page has one h1 and its outline stays whole for screen readers.
          h1: ({ node: _node, ...rest }) => <h3 className="md-h1" {...rest} />,
          h2: ({ node: _node, ...rest }) => <h4 className="md-h2" {...rest} />,
          h3: ({ node: _node, ...rest }) => <h5 className="md-h3" {...rest} />,
          h4: ({ node: _node, ...rest }) => <h6 className="md-h3" {...rest} />,
          h5: ({ node: _node, ...rest }) => <h6 className="md-h3" {...rest} />,
          a: ({ node: _node, href, children, ...rest }) => (
            <a {...rest} href={href || undefined} rel="noopener noreferrer nofollow" target={href ? "_blank" : undefined}>
              {children}
            </a>
          ),
        }}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
