// The chevrotain CstParser for .rpa: declarations, generic property blocks, steps and field expressions.
// One instance is reused and parses one declaration at a time (see parse.ts); recovery is on. Node
// ranges are derived from tokens in cst-to-ast.ts (node location tracking costs half the parse time).
import { CstParser, type CstNode, type IToken } from 'chevrotain';
import * as T from './tokens';
import { errorMessageProvider } from './parse-messages';

class RpaParser extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: 'none',
      maxLookahead: 2,
      errorMessageProvider,
    });
    this.performSelfAnalysis();
  }

  public declaration = this.RULE('declaration', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Bot) }, { ALT: () => this.CONSUME(T.Agent) }, { ALT: () => this.CONSUME(T.Run) }]);
    this.CONSUME(T.Name);
    this.SUBRULE(this.block);
  });

  public block = this.RULE('block', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.member);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RCurly);
  });

  public member = this.RULE('member', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.stepsBlock) },
      {
        ALT: () => {
          const key = this.CONSUME(T.Name);
          // Every alternative starts with its own token type, so this decision needs one token of lookahead.
          this.OR2([
            { ALT: () => { this.CONSUME(T.Colon); this.SUBRULE(this.value); } },
            { ALT: () => this.SUBRULE2(this.block) },
            // `session "ID" { … }`, or a string value whose colon was forgotten.
            { ALT: () => { this.CONSUME(T.StringLiteral); this.OPTION(() => this.SUBRULE3(this.block)); } },
            // `export FORMAT PATH`, or a word value whose colon was forgotten.
            {
              ALT: () => {
                this.CONSUME2(T.Name);
                this.OPTION2({ GATE: () => key.image === 'export', DEF: () => this.SUBRULE2(this.value) });
              },
            },
            // Any other value whose colon was forgotten: kept as a property, reported by the AST builder.
            { ALT: () => this.CONSUME(T.NumberLiteral) },
            { ALT: () => this.CONSUME(T.DurationLiteral) },
            { ALT: () => this.SUBRULE(this.list) },
          ]);
        },
      },
    ]);
  });

  public stepsBlock = this.RULE('stepsBlock', () => {
    this.CONSUME(T.Steps);
    this.SUBRULE(this.stepBlock);
  });

  public stepBlock = this.RULE('stepBlock', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.step);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RCurly);
  });

  public step = this.RULE('step', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.openStep) },
      { ALT: () => this.SUBRULE(this.paginateStep) },
      { ALT: () => this.SUBRULE(this.visitStep) },
      { ALT: () => this.SUBRULE(this.extractStep) },
      { ALT: () => this.SUBRULE(this.fillStep) },
      { ALT: () => this.SUBRULE(this.clickStep) },
      { ALT: () => this.SUBRULE(this.submitStep) },
      { ALT: () => this.SUBRULE(this.waitStep) },
      { ALT: () => this.SUBRULE(this.logStep) },
      { ALT: () => this.SUBRULE(this.unknownStep) },
    ]);
  });

  /** A word that is not a step keyword: parsed so the AST builder can name it in a clear error. */
  public unknownStep = this.RULE('unknownStep', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.StringLiteral) },
        { ALT: () => this.CONSUME(T.NumberLiteral) },
        { ALT: () => this.CONSUME(T.DurationLiteral) },
      ]),
    );
    this.OPTION2(() => this.SUBRULE(this.stepBlock));
  });

  public openStep = this.RULE('openStep', () => {
    this.CONSUME(T.Open);
    this.SUBRULE(this.value);
  });

  public paginateStep = this.RULE('paginateStep', () => {
    this.CONSUME(T.Paginate);
    this.CONSUME(T.Next);
    this.SUBRULE(this.value);
    this.CONSUME(T.Max);
    this.SUBRULE2(this.value);
    this.SUBRULE(this.stepBlock);
  });

  public visitStep = this.RULE('visitStep', () => {
    this.CONSUME(T.Visit);
    this.CONSUME(T.Each);
    this.SUBRULE(this.value);
    this.OPTION(() => {
      this.CONSUME(T.Max);
      this.SUBRULE2(this.value);
    });
    this.SUBRULE(this.stepBlock);
  });

  public extractStep = this.RULE('extractStep', () => {
    this.CONSUME(T.Extract);
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.Each);
      this.SUBRULE(this.value);
    });
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.field);
      this.OPTION2(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RCurly);
  });

  public field = this.RULE('field', () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.value);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME2(T.Name);
    });
  });

  public fillStep = this.RULE('fillStep', () => {
    this.CONSUME(T.Fill);
    this.SUBRULE(this.value);
    this.CONSUME(T.With);
    this.SUBRULE2(this.value);
  });

  public clickStep = this.RULE('clickStep', () => {
    this.CONSUME(T.Click);
    this.SUBRULE(this.value);
  });

  public submitStep = this.RULE('submitStep', () => {
    this.CONSUME(T.Submit);
    this.SUBRULE(this.value);
  });

  public waitStep = this.RULE('waitStep', () => {
    this.CONSUME(T.Wait);
    this.SUBRULE(this.value);
  });

  public logStep = this.RULE('logStep', () => {
    this.CONSUME(T.Log);
    this.SUBRULE(this.value);
  });

  public value = this.RULE('value', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.DurationLiteral) },
      { ALT: () => this.SUBRULE(this.list) },
      {
        ALT: () => {
          this.CONSUME(T.Name);
          this.OPTION(() =>
            this.OR2([
              { ALT: () => this.SUBRULE(this.args) },
              { ALT: () => { this.CONSUME(T.Dot); this.CONSUME2(T.Name); } },
            ]),
          );
        },
      },
    ]);
  });

  public list = this.RULE('list', () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.value) });
    this.CONSUME(T.RBracket);
  });

  public args = this.RULE('args', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.value) });
    this.CONSUME(T.RParen);
  });
}

const parser = new RpaParser();

export interface CstResult {
  cst: CstNode;
  errors: Array<{ message: string; token: IToken; previousToken?: IToken }>;
}

/** Parses the tokens of one declaration into a CST; never throws (recovery fills in what is missing). */
export function parseDeclaration(tokens: IToken[]): CstResult {
  parser.input = tokens;
  const cst = parser.declaration();
  const errors = parser.errors.map((e) => ({
    message: e.message,
    token: e.token,
    previousToken: (e as { previousToken?: IToken }).previousToken,
  }));
  return { cst, errors };
}
